package loom.proxy;

import java.util.Objects;

/** Where one request goes: the provider, and the model name as that provider knows it. */
record Route(Provider provider, String upstreamModel) {
  Route {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(upstreamModel, "upstreamModel");
  }
}
