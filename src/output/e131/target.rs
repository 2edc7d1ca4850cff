//! Reading an E1.31 display: `e131://HOST[:PORT]` or `e131://multicast[:PORT]` and the
//! options `universe`, `sync` and `interface`, each refused at start with why.

use std::net::{IpAddr, Ipv4Addr};

use super::{DEFAULT_PORT, FIRST_UNIVERSE, LAST_UNIVERSE};
use crate::output::{Options, net};

/// The host that stands for "each universe to its own multicast group".
const MULTICAST: &str = "multicast";

/// Where the frames go and how they are numbered: the display after `e131://`.
#[derive(Debug, PartialEq)]
pub struct Target {
    pub destination: Destination,
    /// The universe of the frame's first pixels.
    pub universe: u16,
    /// The universe synchronisation packets go to, if receivers are to hold each universe
    /// until the whole frame is there.
    pub sync: Option<u16>,
}

#[derive(Debug, PartialEq)]
pub enum Destination {
    /// One receiver, known by name, gets every universe.
    Host { host: String, port: u16 },
    /// Each universe goes to its own group, 239.255.{high byte}.{low byte}, where receivers
    /// listening to it have joined; `interface` is the address of the network interface the
    /// packets leave by, the system's choice when `None`.
    Multicast { port: u16, interface: Option<Ipv4Addr> },
}

impl Target {
    /// `HOST[:PORT]` or `multicast[:PORT]`, taking the options that apply to it.
    pub fn parse(address: &str, options: &mut Options) -> Result<Self, String> {
        let (host, port) = net::host_and_port(address, DEFAULT_PORT)
            .ok_or_else(|| format!("invalid E1.31 target '{address}'; expected {}", super::KIND.usage))?;
        let interface = options.take("interface");
        let destination = if host.eq_ignore_ascii_case(MULTICAST) {
            let interface = interface.map(|value| parse_interface(&value)).transpose()?;
            Destination::Multicast { port, interface }
        } else if let Ok(group) = host.parse::<IpAddr>()
            && group.is_multicast()
        {
            return Err(format!(
                "E1.31 host {group} is a multicast group, but receivers listen on one group per universe; \
                 use e131://multicast[?universe=N] to send each universe to its own, 239.255.{{high byte}}.{{low byte}}"
            ));
        } else if let Some(interface) = interface {
            return Err(format!(
                "option interface={interface} applies to e131://multicast only; \
                 packets to a host leave by the route to it"
            ));
        } else {
            Destination::Host { host, port }
        };
        let universe = options.take("universe").map(|value| parse_universe("universe", &value));
        let sync = options
            .take("sync")
            .map(|value| parse_universe("sync universe", &value));
        Ok(Self {
            destination,
            universe: universe.transpose()?.unwrap_or(FIRST_UNIVERSE),
            sync: sync.transpose()?,
        })
    }
}

fn parse_universe(what: &str, value: &str) -> Result<u16, String> {
    value
        .parse()
        .ok()
        .filter(|universe| (FIRST_UNIVERSE..=LAST_UNIVERSE).contains(universe))
        .ok_or_else(|| format!("invalid E1.31 {what} '{value}'; expected {FIRST_UNIVERSE} to {LAST_UNIVERSE}"))
}

/// The IPv4 address of a network interface of this machine; whether it is one is only
/// known when the first packet goes out, since the address may come later (DHCP at boot).
fn parse_interface(value: &str) -> Result<Ipv4Addr, String> {
    value
        .parse::<Ipv4Addr>()
        .ok()
        .filter(|address| !address.is_multicast() && !address.is_broadcast() && !address.is_unspecified())
        .ok_or_else(|| {
            format!(
                "invalid E1.31 interface '{value}'; expected the IPv4 address of one of this machine's \
                 network interfaces, such as 192.168.1.20"
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The target of `e131://TEXT`, its options taken as the display's would be.
    fn target(text: &str) -> Result<Target, String> {
        let (address, mut options) = Options::split(text)?;
        let target = Target::parse(address, &mut options)?;
        options.finish(address)?;
        Ok(target)
    }

    fn host(host: &str, port: u16, universe: u16, sync: Option<u16>) -> Result<Target, String> {
        Ok(Target {
            destination: Destination::Host {
                host: host.into(),
                port,
            },
            universe,
            sync,
        })
    }

    fn multicast(port: u16, interface: Option<Ipv4Addr>, universe: u16, sync: Option<u16>) -> Result<Target, String> {
        Ok(Target {
            destination: Destination::Multicast { port, interface },
            universe,
            sync,
        })
    }

    #[test]
    fn hosts_parse_with_defaults_and_bad_ones_are_named() {
        assert_eq!(target("wled.local"), host("wled.local", 5568, 1, None));
        assert_eq!(target("10.0.0.7?universe=7&sync=9"), host("10.0.0.7", 5568, 7, Some(9)));
        assert_eq!(target("[::1]:6000/?universe=63999"), host("::1", 6000, 63999, None));
        assert_eq!(
            target("host?universe=2&rate=40"),
            Err("unknown option 'rate' for display 'host'".into())
        );
        assert_eq!(
            target("host?universe=0"),
            Err("invalid E1.31 universe '0'; expected 1 to 63999".into())
        );
        for bad in [
            "host?universe=64000",
            "host?universe=x",
            "host?universe",
            "host?universe=1&universe=2",
            "",
            "host:0",
        ] {
            assert!(target(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn multicast_takes_an_interface_and_the_standard_port() {
        assert_eq!(target("multicast"), multicast(5568, None, 1, None));
        let lan = Some(Ipv4Addr::new(192, 168, 1, 20));
        assert_eq!(
            target("MULTICAST?universe=3&sync=100&interface=192.168.1.20"),
            multicast(5568, lan, 3, Some(100))
        );
        assert_eq!(target("multicast:6000/"), multicast(6000, None, 1, None));
        for bad in ["fe80::1", "lan0", "239.255.0.1", "0.0.0.0", "255.255.255.255", ""] {
            assert_eq!(
                target(&format!("multicast?interface={bad}")),
                Err(format!(
                    "invalid E1.31 interface '{bad}'; expected the IPv4 address of one of this machine's \
                     network interfaces, such as 192.168.1.20"
                ))
            );
        }
    }

    #[test]
    fn a_sync_universe_outside_the_range_is_refused() {
        for bad in ["0", "64000", "-1", "x", ""] {
            assert_eq!(
                target(&format!("multicast?sync={bad}")),
                Err(format!("invalid E1.31 sync universe '{bad}'; expected 1 to 63999"))
            );
        }
        assert_eq!(target("host?sync=63999"), host("host", 5568, 1, Some(63999)));
    }

    #[test]
    fn a_multicast_group_as_host_points_to_e131_multicast() {
        for group in ["239.255.0.1", "224.0.0.1", "ff18::8300:1"] {
            let error = target(group).unwrap_err();
            assert!(
                error.starts_with(&format!("E1.31 host {group} is a multicast group")),
                "{error}"
            );
            assert!(error.contains("use e131://multicast[?universe=N]"), "{error}");
        }
    }

    #[test]
    fn an_interface_for_a_host_is_refused() {
        assert_eq!(
            target("10.0.0.7?interface=10.0.0.2"),
            Err("option interface=10.0.0.2 applies to e131://multicast only; packets to a host leave by the route to it".into())
        );
    }
}
