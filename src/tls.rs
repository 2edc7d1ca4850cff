//! TLS for the connections RetroBoard opens itself (an MQTT broker, the web
//! requests of Starlark apps): rustls on ring, trusting the system's CA
//! certificates (`SSL_CERT_FILE` and `SSL_CERT_DIR` are honoured).

use std::sync::Arc;

/// A client configuration that checks servers against the system's CAs.
pub fn client_config() -> Result<rustls::ClientConfig, String> {
    let mut roots = rustls::RootCertStore::empty();
    let found = rustls_native_certs::load_native_certs();
    for error in &found.errors {
        tracing::warn!(%error, "could not read some CA certificates");
    }
    let (added, _) = roots.add_parsable_certificates(found.certs);
    if added == 0 {
        return Err("no CA certificates found to check servers' certificates with".into());
    }
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .map_err(|error| error.to_string())?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(config)
}
