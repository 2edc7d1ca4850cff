//! `--display e131://HOST[:PORT][?universe=N]`: frames as E1.31 (sACN) DMX data over UDP, for lighting controllers and WLED's E1.31 mode.
//!
//! Each frame is RGB, row by row from the top left, 170 pixels (510
//! channels) to a universe, in consecutive universes from N (1 unless given):
//! a 64x32 panel takes 13, the last carrying 8 pixels. A panel whose last
//! universe would pass 63999, the highest E1.31 allows, is refused. Each
//! universe counts its own sequence numbers, as receivers check them per
//! universe; packets carry priority 100 and the source name "RetroBoard". The
//! current frame is sent again every second while nothing changes, since
//! receivers give a source up after 2.5 seconds of silence. HOST may be a
//! multicast group: packets then stay on the local network (TTL 1; a routed
//! controller is better sent to directly) and loop back to this machine, so a
//! viewer running beside the server sees them too. HOST is resolved as frames
//! go (see [`net::Receiver`]).
//!
//! The packets are laid out by the `sacn` crate's packet types; its sending
//! side, with a socket and threads of its own, is not used, since the
//! output's worker already owns the sending.

use std::io;
use std::net::{IpAddr, UdpSocket};
use std::sync::Arc;
use std::time::Duration;

use sacn::packet::{
    AcnRootLayerProtocol, DataPacketDmpLayer, DataPacketFramingLayer, E131RootLayer, E131RootLayerData,
};
use uuid::Uuid;

use super::{Device, Kind, Opener, Options, net};
use crate::gfx::Frame;

/// The port E1.31 receivers listen on.
const DEFAULT_PORT: u16 = 5568;
const FIRST_UNIVERSE: u16 = 1;
const LAST_UNIVERSE: u16 = 63999;
/// 510 of a universe's 512 channels: whole RGB pixels only, as WLED and most
/// pixel controllers map them.
const PIXELS_PER_UNIVERSE: usize = 170;
const CHANNELS_PER_UNIVERSE: usize = PIXELS_PER_UNIVERSE * 3;
/// DMX's start code for plain channel levels, the first property value.
const START_CODE: u8 = 0;
const PRIORITY: u8 = 100;
const SOURCE_NAME: &str = "RetroBoard";
/// The source's component identifier. It names the software, not one run:
/// a restart, a reopened output or another cluster instance taking over the
/// panel carries on as the same source, where a fresh identifier would look
/// like a second source at the same priority that receivers keep merging
/// with the silent one until they give it up. Two boards sending to the same
/// universes of one receiver would clash whatever their identifiers.
const CID: Uuid = Uuid::from_u128(0xa79c_aa7a_5f39_42b5_91ec_f3a4_990d_8fc2);
/// No synchronisation universe: each universe is shown as it arrives.
const NO_SYNCHRONIZATION: u16 = 0;
/// Multicast stays on the local network.
const MULTICAST_TTL: u32 = 1;
const REFRESH: Duration = Duration::from_secs(1);

/// `--display e131://HOST[:PORT][?universe=N]`.
pub const KIND: Kind = Kind {
    usage: "e131://HOST[:PORT][?universe=N]",
    parse: |display, options| {
        let target = display.strip_prefix("e131://")?;
        let parsed = Target::parse(target, options).map(|target| {
            let open = move |size| Ok(Box::new(E131::connect(&target, size)?) as Box<dyn Device>);
            Arc::new(open) as Opener
        });
        Some(parsed)
    },
};

/// Where the frames go: the part of the display after `e131://`.
#[derive(Debug, PartialEq)]
struct Target {
    host: String,
    port: u16,
    /// The universe of the frame's first pixels.
    universe: u16,
}

impl Target {
    /// `HOST[:PORT]`, with the first universe from the `universe` option.
    fn parse(address: &str, options: &mut Options) -> Result<Self, String> {
        let (host, port) = net::host_and_port(address, DEFAULT_PORT)
            .ok_or_else(|| format!("invalid E1.31 target '{address}'; expected e131://HOST[:PORT][?universe=N]"))?;
        let universe = options
            .take("universe")
            .map(|value| parse_universe(&value))
            .transpose()?;
        Ok(Self {
            host,
            port,
            universe: universe.unwrap_or(FIRST_UNIVERSE),
        })
    }
}

fn parse_universe(value: &str) -> Result<u16, String> {
    value
        .parse()
        .ok()
        .filter(|universe| (FIRST_UNIVERSE..=LAST_UNIVERSE).contains(universe))
        .ok_or_else(|| format!("invalid E1.31 universe '{value}'; expected {FIRST_UNIVERSE} to {LAST_UNIVERSE}"))
}

/// How many universes a frame of `pixels` takes from `first`; an error if the last would pass 63999.
fn universes_for(first: u16, pixels: usize) -> Result<usize, String> {
    let count = pixels.div_ceil(PIXELS_PER_UNIVERSE).max(1);
    let last = usize::from(first) + count - 1;
    if last > usize::from(LAST_UNIVERSE) {
        return Err(format!(
            "{pixels} pixels need E1.31 universes {first} to {last}, past the last, {LAST_UNIVERSE}"
        ));
    }
    Ok(count)
}

/// One E1.31 receiver or multicast group, found by its name.
struct E131 {
    receiver: net::Receiver,
    first: u16,
    /// The next sequence number of each universe, from the first.
    sequences: Vec<u8>,
    /// One universe's property values: the start code, then its channels.
    values: Vec<u8>,
    packet: Vec<u8>,
}

impl E131 {
    /// Opens a socket for frames of `width` x `height`, refusing a frame
    /// that would need universes past the last.
    fn connect(target: &Target, (width, height): (u16, u16)) -> io::Result<Self> {
        let pixels = usize::from(width) * usize::from(height);
        let universes = universes_for(target.universe, pixels).map_err(io::Error::other)?;
        Ok(Self {
            receiver: net::Receiver::new(&target.host, target.port),
            first: target.universe,
            sequences: vec![0; universes],
            values: Vec::with_capacity(1 + CHANNELS_PER_UNIVERSE),
            packet: Vec::new(),
        })
    }
}

impl Device for E131 {
    fn show(&mut self, frame: &Frame) -> io::Result<()> {
        let (socket, fresh) = self.receiver.socket()?;
        if fresh && let Err(error) = multicast_scope(socket) {
            self.receiver.failed();
            return Err(error);
        }
        let channels = frame.rgb().chunks(CHANNELS_PER_UNIVERSE);
        for (universe, (channels, sequence)) in (self.first..).zip(channels.zip(&mut self.sequences)) {
            self.values.clear();
            self.values.push(START_CODE);
            self.values.extend_from_slice(channels);
            pack(&mut self.packet, universe, *sequence, &self.values)?;
            if let Err(error) = socket.send(&self.packet) {
                self.receiver.failed();
                return Err(error);
            }
            // Only a packet that went out uses up a number.
            *sequence = sequence.wrapping_add(1);
        }
        Ok(())
    }

    fn refresh_every(&self) -> Option<Duration> {
        Some(REFRESH)
    }
}

/// A socket aimed at a multicast group keeps its packets on the local network and loops
/// them back to this machine.
fn multicast_scope(socket: &UdpSocket) -> io::Result<()> {
    if let IpAddr::V4(group) = socket.peer_addr()?.ip()
        && group.is_multicast()
    {
        socket.set_multicast_ttl_v4(MULTICAST_TTL)?;
        socket.set_multicast_loop_v4(true)?;
    }
    Ok(())
}

/// Writes the data packet carrying `values` (start code and channels) to `universe` into `out`.
fn pack(out: &mut Vec<u8>, universe: u16, sequence: u8, values: &[u8]) -> io::Result<()> {
    let packet = AcnRootLayerProtocol {
        pdu: E131RootLayer {
            cid: CID,
            data: E131RootLayerData::DataPacket(DataPacketFramingLayer {
                source_name: SOURCE_NAME.into(),
                priority: PRIORITY,
                synchronization_address: NO_SYNCHRONIZATION,
                sequence_number: sequence,
                preview_data: false,
                stream_terminated: false,
                force_synchronization: false,
                universe,
                data: DataPacketDmpLayer {
                    property_values: values.into(),
                },
            }),
        },
    };
    packet.pack_vec(out).map_err(io::Error::other)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One data packet read field by field at the offsets E1.31 gives them.
    struct Decoded {
        cid: [u8; 16],
        name: String,
        priority: u8,
        sequence: u8,
        universe: u16,
        channels: Vec<u8>,
    }

    fn u16_at(packet: &[u8], at: usize) -> u16 {
        u16::from_be_bytes([packet[at], packet[at + 1]])
    }

    /// Checks every fixed field and each layer's length, and returns the rest.
    fn decode(packet: &[u8]) -> Decoded {
        let length = packet.len();
        assert_eq!(u16_at(packet, 0), 0x0010, "preamble size");
        assert_eq!(u16_at(packet, 2), 0, "postamble size");
        assert_eq!(&packet[4..16], b"ASC-E1.17\0\0\0", "packet identifier");
        assert_eq!(
            usize::from(u16_at(packet, 16)),
            0x7000 | (length - 16),
            "root flags and length"
        );
        assert_eq!(packet[18..22], [0, 0, 0, 4], "root vector: E1.31 data");
        assert_eq!(
            usize::from(u16_at(packet, 38)),
            0x7000 | (length - 38),
            "framing flags and length"
        );
        assert_eq!(packet[40..44], [0, 0, 0, 2], "framing vector: data packet");
        assert_eq!(u16_at(packet, 109), 0, "no synchronisation universe");
        assert_eq!(packet[112], 0, "options: live data, stream not terminated");
        assert_eq!(
            usize::from(u16_at(packet, 115)),
            0x7000 | (length - 115),
            "DMP flags and length"
        );
        assert_eq!(packet[117], 0x02, "DMP vector: set property");
        assert_eq!(packet[118], 0xA1, "address and data type");
        assert_eq!(u16_at(packet, 119), 0, "first property address");
        assert_eq!(u16_at(packet, 121), 1, "address increment");
        assert_eq!(usize::from(u16_at(packet, 123)), length - 125, "property value count");
        assert_eq!(packet[125], 0, "start code");
        let name = &packet[44..108];
        let end = name.iter().position(|byte| *byte == 0).expect("a NUL-padded name");
        assert!(name[end..].iter().all(|byte| *byte == 0));
        Decoded {
            cid: packet[22..38].try_into().unwrap(),
            name: String::from_utf8(name[..end].to_vec()).unwrap(),
            priority: packet[108],
            sequence: packet[111],
            universe: u16_at(packet, 113),
            channels: packet[126..].to_vec(),
        }
    }

    fn receiver() -> (UdpSocket, Target) {
        let receiver = UdpSocket::bind("127.0.0.1:0").unwrap();
        receiver.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let port = receiver.local_addr().unwrap().port();
        let target = target(&format!("127.0.0.1:{port}?universe=3")).unwrap();
        (receiver, target)
    }

    /// The target of `e131://TEXT`, its options taken as the display's would be.
    fn target(text: &str) -> Result<Target, String> {
        let (address, mut options) = Options::split(text)?;
        let target = Target::parse(address, &mut options)?;
        options.finish(address)?;
        Ok(target)
    }

    fn receive(receiver: &UdpSocket) -> Decoded {
        let mut buffer = [0u8; 1024];
        let size = receiver.recv(&mut buffer).unwrap();
        decode(&buffer[..size])
    }

    #[test]
    fn a_64x32_frame_is_13_universes_from_the_first_each_counting_its_own_sequence() {
        let (receiver, target) = receiver();
        let mut e131 = E131::connect(&target, (64, 32)).unwrap();
        let rgb: Vec<u8> = (0..64 * 32 * 3).map(|byte| (byte % 253) as u8).collect();
        let frame = Frame::new(64, 32, rgb.clone());

        for sequence in [0, 1] {
            e131.show(&frame).unwrap();
            let mut rebuilt = Vec::new();
            for index in 0..13 {
                let packet = receive(&receiver);
                assert_eq!(packet.universe, 3 + index);
                assert_eq!(packet.sequence, sequence, "universe {}", packet.universe);
                assert_eq!((packet.priority, packet.name.as_str()), (100, "RetroBoard"));
                assert_eq!(packet.cid, *CID.as_bytes());
                let channels = if index == 12 { 24 } else { 510 };
                assert_eq!(packet.channels.len(), channels, "universe {}", packet.universe);
                rebuilt.extend_from_slice(&packet.channels);
            }
            assert_eq!(rebuilt, rgb);
        }
    }

    #[test]
    fn each_universe_counts_its_own_sequence_and_wraps() {
        let (receiver, target) = receiver();
        // 171 pixels: a full universe and one of a single pixel.
        let mut e131 = E131::connect(&target, (171, 1)).unwrap();
        let frame = Frame::blank(171, 1);
        let mut sequences = (Vec::new(), Vec::new());
        for _ in 0..257 {
            e131.show(&frame).unwrap();
            let (first, second) = (receive(&receiver), receive(&receiver));
            assert_eq!((first.universe, second.universe, second.channels.len()), (3, 4, 3));
            sequences.0.push(first.sequence);
            sequences.1.push(second.sequence);
        }
        let expected: Vec<u8> = (0..=255).chain([0]).collect();
        assert_eq!(sequences, (expected.clone(), expected));
    }

    #[test]
    fn every_output_sends_as_the_same_source() {
        let (receiver, target) = receiver();
        for _ in 0..2 {
            E131::connect(&target, (1, 1))
                .unwrap()
                .show(&Frame::blank(1, 1))
                .unwrap();
        }
        let (first, second) = (receive(&receiver), receive(&receiver));
        assert_eq!(first.cid, second.cid);
        assert_eq!(first.cid, *CID.as_bytes());
    }

    #[test]
    fn a_frame_needing_universes_past_63999_is_refused() {
        assert_eq!(universes_for(1, 64 * 32), Ok(13));
        assert_eq!(universes_for(63987, 64 * 32), Ok(13));
        assert_eq!(
            universes_for(63988, 64 * 32),
            Err("2048 pixels need E1.31 universes 63988 to 64000, past the last, 63999".into())
        );
        let (receiver, _) = receiver();
        let port = receiver.local_addr().unwrap().port();
        let target = target(&format!("127.0.0.1:{port}?universe=63999")).unwrap();
        let error = E131::connect(&target, (64, 32)).err().unwrap();
        assert_eq!(
            error.to_string(),
            "2048 pixels need E1.31 universes 63999 to 64011, past the last, 63999"
        );
    }

    #[test]
    fn targets_parse_with_defaults_and_bad_ones_are_named() {
        let expected = |host: &str, port, universe| {
            Ok(Target {
                host: host.into(),
                port,
                universe,
            })
        };
        assert_eq!(target("wled.local"), expected("wled.local", 5568, 1));
        assert_eq!(target("239.255.0.1?universe=7"), expected("239.255.0.1", 5568, 7));
        assert_eq!(target("[::1]:6000/?universe=63999"), expected("::1", 6000, 63999));
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
        assert!((KIND.parse)("ddp://host", &mut Options::default()).is_none());
        assert_eq!(
            (KIND.parse)("e131://:5568", &mut Options::default()).unwrap().err(),
            Some("invalid E1.31 target ':5568'; expected e131://HOST[:PORT][?universe=N]".into())
        );
    }
}
