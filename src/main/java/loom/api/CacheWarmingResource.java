package loom.api;

import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import loom.auth.Caller;
import loom.cache.warming.CacheWarmer;
import loom.cache.warming.WarmingProgress;
import loom.cache.warming.WarmingRequest;
import loom.cache.warming.WarmingSource;
import loom.config.Units;
import loom.support.InvalidInputException;

/**
 * {@code /cache/warm}: cache warming for admins (the warmer enforces it). A run is started from a JSON Lines file sent
 * as the body ({@code application/x-ndjson}, options as query parameters) or from a JSON body naming the source (the
 * file's text, or a replay of the request logs of a period); it answers 202 with the run's progress and cost
 * estimate, or 200 with the finished result of a dry run.
 */
@Path("/cache/warm")
@Produces(MediaType.APPLICATION_JSON)
public final class CacheWarmingResource {
  /** The JSON Lines media types a warming file may be sent as. */
  static final String NDJSON = "application/x-ndjson";

  private final CacheWarmer warmer;

  @Inject
  public CacheWarmingResource(CacheWarmer warmer) {
    this.warmer = warmer;
  }

  /**
   * Starts a run (202) or a dry run (200). A JSON body names the source; any other body is the JSON Lines file itself,
   * whose options are the query parameters (a JSON body carries its own).
   */
  @POST
  @Consumes({
    MediaType.APPLICATION_JSON,
    NDJSON,
    "application/jsonl",
    "application/x-jsonlines",
    MediaType.TEXT_PLAIN
  })
  @RequestBody(
      required = true,
      content = {
        @Content(
            mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Dtos.WarmRequest.class)),
        @Content(
            mediaType = NDJSON,
            schema =
                @Schema(
                    type = "string",
                    description =
                        "JSON Lines: one {endpoint, body, namespace?, provider?, response?} per line"))
      })
  public Response warm(
      @Context HttpServletRequest request,
      @Context UriInfo uri,
      @HeaderParam("Content-Type") String contentType,
      @QueryParam("dry_run") Boolean dryRun,
      @QueryParam("namespace") String namespace,
      @QueryParam("user_id") String userId,
      @QueryParam("ttl") String ttl,
      @QueryParam("max_cost_usd") BigDecimal maxCostUsd,
      @Parameter(hidden = true) InputStream body)
      throws IOException {
    Caller caller = Caller.of(request);
    if (contentType == null
        || !MediaType.valueOf(contentType).isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
      String text = text(body, "body");
      return started(
          uri,
          warmer.start(
              caller,
              new WarmingRequest(
                  new WarmingSource.File(text, "upload"),
                  namespace,
                  userId,
                  duration("ttl", ttl),
                  Boolean.TRUE.equals(dryRun),
                  maxCostUsd)));
    }
    byte[] bytes = bounded(body);
    if (bytes.length == 0) {
      throw InvalidInputException.of("body", "a JSON object is required");
    }
    Dtos.WarmRequest asked = ApiJson.MAPPER.readValue(bytes, Dtos.WarmRequest.class);
    return started(
        uri,
        warmer.start(
            caller,
            new WarmingRequest(
                source(asked),
                asked.namespace(),
                asked.userId(),
                duration("ttl", asked.ttl()),
                Boolean.TRUE.equals(asked.dryRun()),
                asked.maxCostUsd())));
  }

  @GET
  public Dtos.WarmingList list(@Context HttpServletRequest request) {
    var runs = warmer.list(Caller.of(request)).stream().map(Dtos.WarmingView::from).toList();
    return new Dtos.WarmingList(runs, runs.size());
  }

  @GET
  @Path("{id}")
  public Dtos.WarmingView find(@Context HttpServletRequest request, @PathParam("id") String id) {
    return Dtos.WarmingView.from(warmer.find(Caller.of(request), id));
  }

  /** Cancels a running run; it stops after the request it is on. 409 when it has ended. */
  @DELETE
  @Path("{id}")
  public Dtos.WarmingView cancel(@Context HttpServletRequest request, @PathParam("id") String id) {
    return Dtos.WarmingView.from(warmer.cancel(Caller.of(request), id));
  }

  private static Response started(UriInfo uri, WarmingProgress progress) {
    Dtos.WarmingView view = Dtos.WarmingView.from(progress);
    if (progress.dryRun()) {
      return Response.ok(view).build();
    }
    return Response.accepted(view)
        .location(uri.getAbsolutePathBuilder().path(progress.id()).build())
        .build();
  }

  private static WarmingSource source(Dtos.WarmRequest asked) {
    String source =
        asked.source() == null ? (asked.jsonl() != null ? "jsonl" : null) : asked.source();
    if ("jsonl".equals(source)) {
      if (asked.jsonl() == null) {
        throw InvalidInputException.of(
            "jsonl", "is required for source jsonl: the JSON Lines text");
      }
      return new WarmingSource.File(asked.jsonl(), "upload");
    }
    if ("replay".equals(source)) {
      if (asked.startTime() == null) {
        throw InvalidInputException.of("start_time", "is required for source replay");
      }
      Instant end = asked.endTime() == null ? Instant.now() : asked.endTime();
      if (!asked.startTime().isBefore(end)) {
        throw InvalidInputException.of("start_time", "must be before end_time");
      }
      String endpoint =
          asked.endpoint() == null
              ? null
              : asked.endpoint().startsWith("/v1/")
                  ? asked.endpoint().substring(3)
                  : asked.endpoint();
      return new WarmingSource.Replay(
          asked.startTime(),
          end,
          asked.providerId(),
          asked.model(),
          endpoint,
          asked.limit() == null ? CacheWarmer.MAX_REPLAY : asked.limit());
    }
    throw InvalidInputException.of(
        "source", "must be jsonl (with jsonl: the file's text) or replay (with start_time)");
  }

  private static Duration duration(String param, String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return Units.parseDuration(text.trim());
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw InvalidInputException.of(
          param, "must be a duration like 30m, 2h or 1d; got '" + text + "'");
    }
  }

  private static String text(InputStream body, String param) throws IOException {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bounded(body)))
          .toString();
    } catch (CharacterCodingException e) {
      throw InvalidInputException.of(param, "must be UTF-8 text");
    }
  }

  /** The body, refused when it is longer than a warming file may be (plus room for the JSON around one). */
  private static byte[] bounded(InputStream body) throws IOException {
    int limit = CacheWarmer.MAX_FILE_CHARS + 64 * 1024;
    byte[] bytes = body.readNBytes(limit + 1);
    if (bytes.length > limit) {
      throw InvalidInputException.of(
          "body", "a warming file may be at most " + CacheWarmer.MAX_FILE_CHARS + " bytes");
    }
    return bytes;
  }
}
