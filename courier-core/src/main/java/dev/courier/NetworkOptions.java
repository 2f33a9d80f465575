package dev.courier;

import dev.courier.client.ProxyRules;
import dev.courier.net.TlsSettings;

/**
 * A request's own TLS settings and proxy rules, each null when the session's (or its adapter's)
 * apply: requests' {@code verify=}, {@code cert=} and {@code proxies=} on one call.
 */
record NetworkOptions(TlsSettings tls, ProxyRules proxies) {}
