//! The broker to connect to, read from `--mqtt-url`, and the client options for it.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use percent_encoding::percent_decode_str;
use rumqttc::{LastWill, MqttOptions, QoS, TlsConfiguration, Transport};
use tokio::sync::OnceCell;
use url::{Host, Url};

/// How often the client pings the broker when idle; the broker declares it
/// gone (and publishes its last will) after one and a half of these in silence.
const KEEP_ALIVE: Duration = Duration::from_secs(30);

#[derive(Clone, PartialEq, Eq)]
pub struct Broker {
    host: String,
    port: u16,
    tls: bool,
    credentials: Option<(String, String)>,
}

/// The password never reaches a log line.
impl fmt::Debug for Broker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scheme = if self.tls { "mqtts" } else { "mqtt" };
        let user = match &self.credentials {
            Some((user, _)) => format!("{user}:***@"),
            None => String::new(),
        };
        write!(f, "{scheme}://{user}{}:{}", self.host, self.port)
    }
}

impl FromStr for Broker {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let url = Url::parse(text).map_err(|error| format!("not a URL ({error})"))?;
        let tls = match url.scheme() {
            "mqtt" => false,
            "mqtts" => true,
            other => return Err(format!("the scheme must be mqtt:// or mqtts://, not {other}://")),
        };
        let host = match url.host() {
            Some(Host::Domain(name)) if !name.is_empty() => name.to_owned(),
            Some(Host::Ipv4(address)) => address.to_string(),
            Some(Host::Ipv6(address)) => address.to_string(),
            _ => return Err("the URL names no host".into()),
        };
        if !matches!(url.path(), "" | "/") || url.query().is_some() || url.fragment().is_some() {
            return Err("the URL takes no path, query or fragment: mqtt://[USER:PASS@]HOST[:PORT]".into());
        }
        let decode = |part: &str| {
            percent_decode_str(part)
                .decode_utf8()
                .map(|decoded| decoded.into_owned())
                .map_err(|_| "the user name and password must be UTF-8".to_owned())
        };
        let credentials = match url.username() {
            "" => None,
            user => Some((decode(user)?, decode(url.password().unwrap_or(""))?)),
        };
        Ok(Self {
            port: url.port().unwrap_or(if tls { 8883 } else { 1883 }),
            host,
            tls,
            credentials,
        })
    }
}

impl Broker {
    /// Options for a session as `client_id` whose last will marks `status`
    /// offline, taking packets up to `max_packet` bytes.
    pub async fn options(&self, client_id: &str, status: &str, max_packet: usize) -> Result<MqttOptions, String> {
        let mut options = MqttOptions::new(client_id, &self.host, self.port);
        options
            .set_keep_alive(KEEP_ALIVE)
            .set_clean_session(true)
            .set_max_packet_size(max_packet, max_packet)
            .set_last_will(LastWill::new(status, "offline", QoS::AtLeastOnce, true));
        if let Some((user, password)) = &self.credentials {
            options.set_credentials(user, password);
        }
        if self.tls {
            options.set_transport(Transport::tls_with_config(TlsConfiguration::Rustls(
                tls_config().await?,
            )));
        }
        Ok(options)
    }
}

/// The TLS settings of every session: the system's CA certificates are read once per
/// process, on a blocking thread (there are hundreds of files), not at every session.
async fn tls_config() -> Result<Arc<rustls::ClientConfig>, String> {
    static TLS: OnceCell<Arc<rustls::ClientConfig>> = OnceCell::const_new();
    let config = TLS
        .get_or_try_init(|| async {
            let loaded = tokio::task::spawn_blocking(crate::tls::client_config)
                .await
                .map_err(|error| error.to_string())?;
            loaded.map(Arc::new)
        })
        .await?;
    Ok(Arc::clone(config))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn broker(text: &str) -> Broker {
        text.parse().unwrap_or_else(|error| panic!("{text}: {error}"))
    }

    #[test]
    fn reads_host_port_scheme_and_credentials() {
        let plain = broker("mqtt://broker.local");
        assert_eq!(
            (plain.host.as_str(), plain.port, plain.tls),
            ("broker.local", 1883, false)
        );
        assert_eq!(plain.credentials, None);
        let tls = broker("mqtts://10.0.0.2:9883/");
        assert_eq!((tls.host.as_str(), tls.port, tls.tls), ("10.0.0.2", 9883, true));
        let user = broker("mqtt://ha%40home:p%3Ass@[::1]:1884");
        assert_eq!(user.host, "::1");
        assert_eq!(user.credentials, Some(("ha@home".into(), "p:ss".into())));
        assert_eq!(format!("{user:?}"), "mqtt://ha@home:***@::1:1884");
    }

    #[tokio::test]
    async fn every_session_shares_the_tls_settings_read_once() {
        let broker = broker("mqtts://127.0.0.1:8883");
        let settings = |options: MqttOptions| match options.transport() {
            Transport::Tls(TlsConfiguration::Rustls(config)) => config,
            _ => panic!("not TLS on rustls"),
        };
        let first = settings(broker.options("one", "status", 1 << 20).await.unwrap());
        let second = settings(broker.options("two", "status", 1 << 20).await.unwrap());
        assert!(Arc::ptr_eq(&first, &second), "read once, shared since");
    }

    #[test]
    fn refuses_what_is_not_a_broker() {
        for text in [
            "broker.local",
            "http://broker.local",
            "mqtt://",
            "mqtt://broker.local/topic",
            "mqtt://broker.local?client_id=x",
        ] {
            assert!(text.parse::<Broker>().is_err(), "{text}");
        }
    }
}
