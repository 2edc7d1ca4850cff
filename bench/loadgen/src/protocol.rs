//! Engine.IO v4 / Socket.IO v4 text framing, reduced to the packets a listening client needs:
//! the open handshake, ping/pong, the namespace connect reply and `42[...]` events.
//!
//! No maintained crate exposes this layer without a full client runtime per connection, which
//! is too heavy to hold 15k sockets from one process; the subset here is small and tested.

use serde::Deserialize;
use serde_json::value::RawValue;

/// Engine.IO handshake fields the client acts on.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Open {
    pub sid: String,
    pub ping_interval: u64,
    pub ping_timeout: u64,
}

/// One decoded text frame.
#[derive(Debug, PartialEq, Eq)]
pub enum Frame<'a> {
    Open(Open),
    /// Engine.IO ping: the client must answer with [`PONG`].
    Ping,
    /// Socket.IO CONNECT acknowledgement for the main namespace.
    Connected,
    /// Socket.IO CONNECT_ERROR: the server refused the namespace.
    ConnectError(&'a str),
    /// Socket.IO EVENT on the main namespace: name plus the raw JSON of the first argument.
    Event {
        name: &'a str,
        arg: Option<&'a str>,
    },
    Close,
    /// Anything this client does not act on (noop, other namespaces, acks, binary).
    Other,
}

/// Engine.IO pong, the answer to every ping.
pub const PONG: &str = "3";
/// Socket.IO CONNECT to the main namespace, sent after the Engine.IO open packet.
pub const CONNECT: &str = "40";

#[derive(Debug, PartialEq, Eq)]
pub struct ParseError(pub String);

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ParseError {}

fn error(what: &str, text: &str) -> ParseError {
    let head: String = text.chars().take(80).collect();
    ParseError(format!("{what}: {head:?}"))
}

/// Decodes one WebSocket text message carrying a single Engine.IO packet.
pub fn parse(text: &str) -> Result<Frame<'_>, ParseError> {
    let mut chars = text.chars();
    match chars.next() {
        Some('0') => serde_json::from_str(&text[1..])
            .map(Frame::Open)
            .map_err(|e| error(&format!("bad open packet ({e})"), text)),
        Some('1') => Ok(Frame::Close),
        Some('2') => Ok(Frame::Ping),
        Some('4') => parse_socket_io(&text[1..]).ok_or_else(|| error("bad socket.io packet", text)),
        Some('3' | '5' | '6') => Ok(Frame::Other),
        _ => Err(error("unknown engine.io packet", text)),
    }
}

fn parse_socket_io(packet: &str) -> Option<Frame<'_>> {
    let (kind, rest) = packet.split_at_checked(1)?;
    // A namespace other than "/" is written as "/name," right after the type.
    if rest.starts_with('/') {
        return Some(Frame::Other);
    }
    match kind {
        "0" => Some(Frame::Connected),
        "4" => Some(Frame::ConnectError(rest)),
        "2" => parse_event(rest),
        _ => Some(Frame::Other),
    }
}

fn parse_event(rest: &str) -> Option<Frame<'_>> {
    // An optional ack id (digits) precedes the JSON array.
    let body = rest.trim_start_matches(|c: char| c.is_ascii_digit());
    let items: Vec<&RawValue> = serde_json::from_str(body).ok()?;
    let (first, args) = items.split_first()?;
    let name: &str = serde_json::from_str(first.get()).ok()?;
    Some(Frame::Event {
        name,
        arg: args.first().map(|raw| raw.get()),
    })
}

#[derive(Deserialize)]
struct Settings {
    brightness: u8,
}

/// Reads the brightness out of a `settings` event argument.
pub fn brightness(arg: &str) -> Option<u8> {
    serde_json::from_str::<Settings>(arg).ok().map(|s| s.brightness)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_packet_yields_timers() {
        let frame =
            parse(r#"0{"sid":"abc","upgrades":[],"pingInterval":25000,"pingTimeout":60000,"maxPayload":1000000}"#)
                .unwrap();
        assert_eq!(
            frame,
            Frame::Open(Open {
                sid: "abc".into(),
                ping_interval: 25000,
                ping_timeout: 60000
            })
        );
    }

    #[test]
    fn ping_connect_and_close() {
        assert_eq!(parse("2").unwrap(), Frame::Ping);
        assert_eq!(parse(r#"40{"sid":"x"}"#).unwrap(), Frame::Connected);
        assert_eq!(parse("40").unwrap(), Frame::Connected);
        assert_eq!(parse("1").unwrap(), Frame::Close);
        assert_eq!(
            parse(r#"44{"message":"no"}"#).unwrap(),
            Frame::ConnectError(r#"{"message":"no"}"#)
        );
    }

    #[test]
    fn event_with_object_argument() {
        let frame = parse(r#"42["settings",{"brightness":42}]"#).unwrap();
        let Frame::Event { name, arg } = frame else {
            panic!("not an event: {frame:?}")
        };
        assert_eq!(name, "settings");
        assert_eq!(brightness(arg.unwrap()), Some(42));
    }

    #[test]
    fn event_with_ack_id_and_no_argument() {
        assert_eq!(
            parse(r#"4217["request_state"]"#).unwrap(),
            Frame::Event {
                name: "request_state",
                arg: None
            }
        );
    }

    #[test]
    fn other_namespace_is_ignored() {
        assert_eq!(
            parse(r#"42/admin,["settings",{"brightness":1}]"#).unwrap(),
            Frame::Other
        );
    }

    #[test]
    fn malformed_packets_are_errors() {
        assert!(parse("").is_err());
        assert!(parse("9").is_err());
        assert!(parse("0{not json").is_err());
        assert!(parse("42[").is_err());
        assert!(parse("42[]").is_err());
        assert!(parse("42[1]").is_err());
        assert_eq!(brightness(r#"{"brightness":300}"#), None);
    }
}
