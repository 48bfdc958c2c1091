#pragma once
// How a webhook's deliveries are signed (docs/webhooks.md), for the api, which shows a
// webhook its secret once, and linkstream-deliverer, which signs with it. Thread-safe.
//
// The secret is not stored anywhere: it is "whsec_" and the hex HMAC-SHA256 of the webhook
// id under the deployment's webhook key, so the log (which analytics consumers read) holds
// no secret, and every replica and the deliverer derive the same one.
//
// A delivery carries `Linkstream-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of
// "<t>.<body>" under the secret>`, as Stripe signs its events: the receiver recomputes it
// over the raw body, compares in constant time, and refuses a t too far from its clock
// (a replayed delivery).

#include <cstdint>
#include <string>
#include <string_view>

namespace linkstream::api {

// Throws std::runtime_error when OpenSSL fails.
std::string webhook_secret(std::string_view webhook_key, std::string_view webhook_id);

// The Linkstream-Signature header's value. Throws std::runtime_error when OpenSSL fails.
std::string webhook_signature(std::string_view secret, std::int64_t unix_seconds,
                              std::string_view body);

}  // namespace linkstream::api
