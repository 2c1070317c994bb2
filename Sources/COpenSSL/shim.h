#ifndef COPENSSL_SHIM_H
#define COPENSSL_SHIM_H
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>

// Macros Swift cannot import, as functions.
static inline long copenssl_set_min_proto(SSL_CTX *ctx, int version) {
    return SSL_CTX_set_min_proto_version(ctx, version);
}
static inline long copenssl_set_tlsext_host_name(SSL *ssl, const char *name) {
    return SSL_set_tlsext_host_name(ssl, name);
}
// For the syslog TLS client (Sources/Syslog/TLS*.swift).
static inline long copenssl_ctx_set_mode(SSL_CTX *ctx, long mode) {
    return SSL_CTX_set_mode(ctx, mode);
}
// A key file must never make the daemon prompt on a terminal for a passphrase: fail instead.
static inline int copenssl_no_passphrase(char *buffer, int size, int rwflag, void *userdata) {
    (void)buffer; (void)size; (void)rwflag; (void)userdata;
    return 0;
}
static inline void copenssl_refuse_passphrase_prompts(SSL_CTX *ctx) {
    SSL_CTX_set_default_passwd_cb(ctx, copenssl_no_passphrase);
}
// Remembers in the connection's app data that the server asked for a client certificate: under TLS 1.3
// the server judges that certificate only after the client's handshake has completed, so the client
// must know whether a verdict is still to come.
static inline int copenssl_note_certificate_request(SSL *ssl, void *arg) {
    (void)arg;
    SSL_set_app_data(ssl, (char *)ssl);
    return 1;
}
static inline void copenssl_track_certificate_requests(SSL_CTX *ctx) {
    SSL_CTX_set_cert_cb(ctx, copenssl_note_certificate_request, NULL);
}
static inline int copenssl_server_requested_certificate(const SSL *ssl) {
    return SSL_get_app_data(ssl) != NULL;
}
#endif
