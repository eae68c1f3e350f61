package loom.proxy;

/**
 * How the response cache took part in a proxied request: answered from it (HIT), looked up and then asked
 * upstream (MISS), or not used at all (BYPASS: cache off, request not cacheable, or the client said so).
 */
public enum CacheStatus {
  HIT,
  MISS,
  BYPASS
}
