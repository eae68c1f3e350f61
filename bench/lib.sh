# Shared by the bench scripts: the built WAR deployed as several contexts of one real Tomcat 10.1 bound to
# 127.0.0.1, each context with its own loom.yaml, and the Java load generator (loom.bench.HttpLoad).
# A script sets `work` and `port`, then calls: bench_build; bench_tomcat; bench_context NAME YAML ...;
# bench_start; and measures with bench_load. Source it; it expects to run from the project root.
# The functions work on one Tomcat at a time, the one `work`, `port`, `tomcat` and `contexts` describe; a
# script with several Tomcats (bench/two-nodes.sh) points these at each in turn and starts each with
# bench_launch and bench_ready instead of bench_start, keeping its own trap.

key=lk-bench-admin-key-0123456789abcdef

bench_build() {  # the WAR and the benchmark classes
  mvn -B -q -o -DskipTests package
  bench_classpath
}

bench_classpath() {  # compiles the tests; sets classpath to the classes, the test classes and their dependencies
  # The test classpath as Maven core resolves it for the compiler: offline, the maven-dependency-plugin
  # (2.8, and every 3.x in the local repository) cannot resolve its own dependencies on this machine.
  local log
  log=$(mktemp)
  mvn -B -o -X test-compile > "$log" 2>&1 || { tail -40 "$log"; rm -f "$log"; return 1; }
  sed -nE 's/.*\(f\) testPath = \[(.*)\]$/\1/p' "$log" | head -1 | sed 's/, /:/g' > target/bench-classpath.txt
  rm -f "$log"
  [ -s target/bench-classpath.txt ]
  classpath="target/test-classes:$(cat target/bench-classpath.txt)"
}

bench_tomcat() {  # unpacks a fresh Tomcat into $work: loopback only, no shutdown port, no access log
  local version
  version=$(grep -oP '<tomcat10.version>\K[^<]+' pom.xml)
  # The zip the integration tests' cargo installed into the local repository; downloaded when it is not there.
  local zip=$HOME/.m2/repository/org/apache/tomcat/tomcat/$version/tomcat-$version.zip
  mkdir -p "$work"  # a fresh checkout has no target/bench yet
  if [ -f "$zip" ]; then
    cp "$zip" "$work/"
  else
    mvn -B -q dependency:copy -Dartifact=org.apache.tomcat:tomcat:"$version":zip -DoutputDirectory="$work"
  fi
  rm -rf "$work/apache-tomcat-$version" "$work/data"
  mkdir -p "$work/data"
  unzip -q -o "$work/tomcat-$version.zip" -d "$work"
  tomcat=$work/apache-tomcat-$version
  chmod +x "$tomcat"/bin/*.sh
  rm -rf "$tomcat/webapps/"*
  sed -i -e 's/<Server port="8005"/<Server port="-1"/' \
    -e "s/<Connector port=\"8080\"/<Connector address=\"127.0.0.1\" port=\"$port\" maxKeepAliveRequests=\"-1\"/" \
    -e '/AccessLogValve/,/\/>/d' "$tomcat/conf/server.xml"
  mkdir -p "$tomcat/conf/Catalina/localhost"
  contexts=()
}

bench_context() {  # NAME YAML: deploys the WAR at /NAME with a demo provider, its own SQLite file and YAML
  # (a script may set bench_storage to another `storage:` line, e.g. a shared PostgreSQL, and
  # bench_providers to another `providers:` line, e.g. openai-type providers on the nginx upstream)
  local name=$1
  local storage="storage: { url: 'jdbc:sqlite:$work/data/$name.db' }"
  [ -n "${bench_storage:-}" ] && storage=$bench_storage
  local providers="providers: [ { id: demo, type: demo } ]"
  [ -n "${bench_providers:-}" ] && providers=$bench_providers
  contexts+=("$name")
  cat > "$work/$name.yaml" <<YAML
$providers
$storage
auth: { bootstrap_admin_key: $key }
$2
YAML
  cat > "$tomcat/conf/Catalina/localhost/$name.xml" <<XML
<Context docBase="$PWD/target/loom.war">
  <Environment name="loom/config" type="java.lang.String" value="$work/$name.yaml" override="false"/>
</Context>
XML
}

bench_floors() {  # UPSTREAM-BASE-URL: two contexts that measure the container's own cost beside the gateway
  # /static serves a small JSON file (Tomcat alone); /plain is loom.bench.PlainProxyServlet (Tomcat and the
  # gateway's HTTP client, no gateway feature). Neither has a health check, so neither joins $contexts.
  local dir=$work/floors jar
  rm -rf "$dir"; mkdir -p "$dir/static" "$dir/plain/WEB-INF/classes/loom/bench" "$dir/plain/WEB-INF/lib"
  printf '{"ok":true}' > "$dir/static/answer.json"
  cp target/test-classes/loom/bench/PlainProxyServlet.class "$dir/plain/WEB-INF/classes/loom/bench/"
  for jar in $(tr ':' '\n' < target/bench-classpath.txt | grep -E '/(httpclient5|httpcore5|httpcore5-h2|slf4j-api)-[0-9.]+\.jar$'); do
    cp "$jar" "$dir/plain/WEB-INF/lib/"
  done
  printf '<Context docBase="%s"/>\n' "$dir/static" > "$tomcat/conf/Catalina/localhost/static.xml"
  printf '<Context docBase="%s"/>\n' "$dir/plain" > "$tomcat/conf/Catalina/localhost/plain.xml"
  bench_opts="${bench_opts:-} -Dloom.bench.upstream=$1"
}

bench_start() {  # starts Tomcat (1 GB heap) and waits until every context answers its health check
  bench_launch
  export CATALINA_PID=$work/tomcat.pid
  trap 'kill "$(cat "$CATALINA_PID")" 2>/dev/null || true; bench_stopped' EXIT
  bench_ready
}

bench_launch() {  # starts Tomcat ($bench_heap, default 1g) without waiting; its pid goes to $work/tomcat.pid
  local heap=${bench_heap:-1g}
  CATALINA_PID=$work/tomcat.pid CATALINA_OPTS="-Xms$heap -Xmx$heap -Dloom.home=$work/data ${bench_opts:-}" \
    "$tomcat/bin/catalina.sh" start >/dev/null
}

bench_ready() {  # waits (at most 60 s per context) until every context answers its health check
  for name in "${contexts[@]}"; do
    for _ in $(seq 1 120); do
      curl -fs --max-time 5 "http://127.0.0.1:$port/$name/api/v1/health" >/dev/null && break
      sleep 0.5
    done
    curl -fs --max-time 5 "http://127.0.0.1:$port/$name/api/v1/health" >/dev/null
  done
}

bench_pids=()  # processes a script started besides Tomcat (nginx, redis-server, loads): bench_stopped kills them
bench_stopped() {  # a script may redefine it to stop more
  local pid
  for pid in "${bench_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
}

bench_stop_postmaster() {  # DATA-DIR: stops a postmaster left running there (its JVM killed hard), by its own pid file
  local data=$1 postmaster
  [ -f "$data/postmaster.pid" ] || return 0
  postmaster=$(head -1 "$data/postmaster.pid")
  # Only ours: the process must be a postmaster of that very data directory.
  if [ -n "$postmaster" ] && ps -o args= -p "$postmaster" 2>/dev/null | grep -qF -- "$data"; then
    kill -INT "$postmaster" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$postmaster" 2>/dev/null || break; sleep 0.5; done
  fi
}

bench_load() {  # CONTEXT SECONDS CONNECTIONS RATE BODY-FILE [HEADER...]: one HttpLoad line
  local name=$1 seconds=$2 connections=$3 rate=$4 body=$5
  shift 5
  java -cp "$classpath" loom.bench.HttpLoad "http://127.0.0.1:$port/$name/v1/chat/completions" \
    "$seconds" "$connections" "$rate" "$body" "Authorization: Bearer $key" "$@"
}

bench_api() {  # CONTEXT PATH [curl args...]: an admin call to /api/v1
  local name=$1 path=$2
  shift 2
  curl -fs -H "Authorization: Bearer $key" "$@" "http://127.0.0.1:$port/$name/api/v1$path"
}

bench_drained() {  # waits (bounded) until no context's request-log writer has rows left, so runs do not overlap
  for _ in $(seq 1 120); do
    local busy=0 depth
    for name in "${contexts[@]}"; do
      depth=$(curl -fs -H "Authorization: Bearer $key" "http://127.0.0.1:$port/$name/metrics" \
        | sed -n 's/^loom_log_writer_queue_depth \([0-9.]*\).*/\1/p')
      [ "${depth:-0}" = "0.0" ] || busy=1
    done
    [ $busy = 0 ] && return
    sleep 0.5
  done
}

field() { sed -E "s/(^|.* )$1=(-?[0-9.]+).*/\2/"; }  # NAME: the number after " NAME=" on each line
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

# A local OpenAI-compatible upstream and a plain reverse proxy in front of it, both Debian's nginx (installed
# with apt when missing, without starting its system service): port $upstream_port answers chat completions,
# the Responses API (/v1/responses) and Anthropic's Messages API (/v1/messages), each with a fixed JSON body
# (/v1/...) or a fixed event stream in the provider's own shape (/sse/v1/...), logging every call it answers to
# $work/nginx/upstream.log; port $nginx_port is a keep-alive reverse proxy to it — the floor of what one proxy
# hop costs. Sets upstream_port and nginx_port (defaults 18191, 18192) and chains bench_stopped.
bench_nginx() {
  upstream_port=${upstream_port:-18191}
  nginx_port=${nginx_port:-18192}
  if ! command -v nginx >/dev/null; then
    # policy-rc.d 101 keeps the package from starting a system nginx on port 80.
    local policy=/usr/sbin/policy-rc.d made=
    [ -e $policy ] || { printf '#!/bin/sh\nexit 101\n' > $policy; chmod +x $policy; made=1; }
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx-light >/dev/null
    [ -z "$made" ] || rm -f $policy
  fi
  local dir=$work/nginx
  rm -rf "$dir"; mkdir -p "$dir/logs"
  local chat='{"id":"chatcmpl-bench","object":"chat.completion","created":1764000000,"model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant","content":"Three bullet points: faster start, fewer bugs, better logs."},"finish_reason":"stop"}],"usage":{"prompt_tokens":31,"completion_tokens":14,"total_tokens":45}}'
  local chunk='{"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1764000000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":"%s"},"finish_reason":null}]}'
  local sse="" word
  for word in Three bullet points: faster start, fewer bugs, better logs.; do
    sse+="data: $(printf "$chunk" "$word ")"$'\n\n'
  done
  sse+='data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1764000000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":31,"completion_tokens":14,"total_tokens":45}}'$'\n\n''data: [DONE]'$'\n\n'
  # The same answer from the Responses API: the response object, and its stream of events ending with
  # response.completed, which carries the whole response with its usage.
  local text='Three bullet points: faster start, fewer bugs, better logs.'
  local response='{"id":"resp_bench","object":"response","created_at":1764000000,"status":"%s","background":false,"error":null,"incomplete_details":null,"instructions":null,"max_output_tokens":null,"model":"gpt-4o-mini-2024-07-18","output":[%s],"parallel_tool_calls":true,"previous_response_id":null,"reasoning":{"effort":null,"summary":null},"store":false,"temperature":0.0,"text":{"format":{"type":"text"},"verbosity":"medium"},"tool_choice":"auto","tools":[],"top_p":1.0,"truncation":"disabled","usage":%s,"user":null,"metadata":{}}'
  local usage='{"input_tokens":31,"input_tokens_details":{"cached_tokens":0},"output_tokens":14,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":45}'
  local item='{"id":"msg_bench","type":"message","status":"%s","content":[%s],"role":"assistant"}'
  local part='{"type":"output_text","annotations":[],"logprobs":[],"text":"%s"}'
  local place='"item_id":"msg_bench","output_index":0,"content_index":0'
  local done_item
  done_item=$(printf "$item" completed "$(printf "$part" "$text")")
  local responses responses_sse="" n=0 name data delta
  responses=$(printf "$response" completed "$done_item" "$usage")
  local responses_events=(
    "response.created|\"response\":$(printf "$response" in_progress "" null)"
    "response.in_progress|\"response\":$(printf "$response" in_progress "" null)"
    "response.output_item.added|\"output_index\":0,\"item\":$(printf "$item" in_progress "")"
    "response.content_part.added|$place,\"part\":$(printf "$part" "")")
  delta=""
  for word in $text; do
    responses_events+=("response.output_text.delta|$place,\"delta\":\"$delta$word\",\"logprobs\":[]")
    delta=" "
  done
  responses_events+=(
    "response.output_text.done|$place,\"text\":\"$text\",\"logprobs\":[]"
    "response.content_part.done|$place,\"part\":$(printf "$part" "$text")"
    "response.output_item.done|\"output_index\":0,\"item\":$done_item"
    "response.completed|\"response\":$responses")
  for data in "${responses_events[@]}"; do
    name=${data%%|*}
    responses_sse+="event: $name"$'\n'"data: {\"type\":\"$name\",\"sequence_number\":$n,${data#*|}}"$'\n\n'
    n=$((n + 1))
  done
  # And from Anthropic's Messages API: input usage in message_start, output usage in message_delta.
  local message_usage='{"input_tokens":31,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"cache_creation":{"ephemeral_5m_input_tokens":0,"ephemeral_1h_input_tokens":0},"output_tokens":%s,"service_tier":"standard"}'
  local message='{"id":"msg_bench","type":"message","role":"assistant","model":"claude-haiku-4-5-20251001","content":[%s],"stop_reason":%s,"stop_sequence":null,"usage":%s}'
  local messages messages_sse
  messages=$(printf "$message" "{\"type\":\"text\",\"text\":\"$text\"}" '"end_turn"' "$(printf "$message_usage" 14)")
  messages_sse="event: message_start"$'\n'"data: {\"type\":\"message_start\",\"message\":$(printf "$message" "" null "$(printf "$message_usage" 1)")}"$'\n\n'
  messages_sse+='event: content_block_start'$'\n''data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}'$'\n\n'
  messages_sse+='event: ping'$'\n''data: {"type": "ping"}'$'\n\n'
  delta=""
  for word in $text; do
    messages_sse+='event: content_block_delta'$'\n'"data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"$delta$word\"}}"$'\n\n'
    delta=" "
  done
  messages_sse+='event: content_block_stop'$'\n''data: {"type":"content_block_stop","index":0}'$'\n\n'
  messages_sse+='event: message_delta'$'\n''data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":14}}'$'\n\n'
  messages_sse+='event: message_stop'$'\n''data: {"type":"message_stop"}'$'\n\n'
  cat > "$dir/nginx.conf" <<NGINX
worker_processes 2;
pid $dir/nginx.pid;
error_log $dir/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $dir/body; proxy_temp_path $dir/proxy;
  fastcgi_temp_path $dir/fastcgi; uwsgi_temp_path $dir/uwsgi; scgi_temp_path $dir/scgi;
  keepalive_requests 1000000;
  log_format calls '\$request_uri';
  server {
    listen 127.0.0.1:$upstream_port;
    access_log $dir/upstream.log calls buffer=64k flush=1s;
    location = /v1/chat/completions { default_type application/json; return 200 '$chat'; }
    location = /sse/v1/chat/completions { default_type text/event-stream; return 200 '$sse'; }
$(bench_nginx_answer /v1/responses application/json "$responses")
$(bench_nginx_answer /sse/v1/responses text/event-stream "$responses_sse")
$(bench_nginx_answer /v1/messages application/json "$messages")
$(bench_nginx_answer /sse/v1/messages text/event-stream "$messages_sse")
    location = /v1/models { default_type application/json; access_log off;
      return 200 '{"object":"list","data":[{"id":"gpt-4o-mini","object":"model","owned_by":"bench"}]}'; }
  }
  upstream llm { server 127.0.0.1:$upstream_port; keepalive 64; }
  server {
    listen 127.0.0.1:$nginx_port;
    location / { proxy_pass http://llm; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
}
NGINX
  nginx -p "$dir" -c "$dir/nginx.conf" -g 'daemon off;' 2>"$dir/logs/stderr.log" &
  bench_pids+=($!)
  for _ in $(seq 1 50); do
    curl -fs -o /dev/null "http://127.0.0.1:$nginx_port/v1/models" && return
    sleep 0.1
  done
  cat "$dir/logs/stderr.log" "$dir/logs/error.log" >&2
  return 1
}

bench_nginx_answer() {  # PATH TYPE TEXT: an nginx location answering TEXT; a long one is returned from parts held
  # in variables, as nginx reads no quoted parameter longer than 4 KB
  local path=$1 type=$2 text=$3 parts="" answer="" i=0
  if [ ${#text} -gt 3000 ]; then
    while [ -n "$text" ]; do
      i=$((i + 1))
      parts+="set \$part$i '${text:0:3000}'; "
      answer+="\$part$i"
      text=${text:3000}
    done
    text=$answer
  fi
  printf "    location = %s { default_type %s; %sreturn 200 '%s'; }" "$path" "$type" "$parts" "$text"
}

bench_upstream_calls() {  # how many calls the nginx upstream has answered (its access log, flushed each second)
  sleep 1.2
  wc -l < "$work/nginx/upstream.log"
}
