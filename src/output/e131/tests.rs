use std::net::{Ipv4Addr, UdpSocket};

use super::target::Destination;
use super::*;
use crate::output::Options;

/// One packet as the `sacn` crate reads it.
#[derive(Debug, PartialEq)]
enum Decoded {
    Data {
        name: String,
        priority: u8,
        sequence: u8,
        universe: u16,
        sync: u16,
        channels: Vec<u8>,
    },
    Sync {
        sequence: u8,
        universe: u16,
    },
}

/// Reads `packet` with the `sacn` crate, checking the source's identifier and the
/// options every packet of this source has.
fn decode(packet: &[u8]) -> Decoded {
    let parsed = AcnRootLayerProtocol::parse(packet).expect("a packet sacn can read");
    assert_eq!(parsed.pdu.cid, CID, "every packet comes from the same source");
    match parsed.pdu.data {
        E131RootLayerData::DataPacket(data) => {
            assert!(!data.preview_data && !data.stream_terminated && !data.force_synchronization);
            let values = data.data.property_values;
            assert_eq!(values[0], START_CODE);
            Decoded::Data {
                name: data.source_name.into_owned(),
                priority: data.priority,
                sequence: data.sequence_number,
                universe: data.universe,
                sync: data.synchronization_address,
                channels: values[1..].to_vec(),
            }
        }
        E131RootLayerData::SynchronizationPacket(sync) => Decoded::Sync {
            sequence: sync.sequence_number,
            universe: sync.synchronization_address,
        },
        E131RootLayerData::UniverseDiscoveryPacket(_) => panic!("a discovery packet"),
    }
}

fn receive(receiver: &UdpSocket) -> Decoded {
    let mut buffer = [0u8; 1024];
    let size = receiver.recv(&mut buffer).unwrap();
    decode(&buffer[..size])
}

/// Data packet fields as `(universe, sequence, sync universe, channel count)`.
fn data_fields(packet: &Decoded) -> (u16, u8, u16, usize) {
    match packet {
        Decoded::Data {
            universe,
            sequence,
            sync,
            channels,
            ..
        } => (*universe, *sequence, *sync, channels.len()),
        Decoded::Sync { .. } => panic!("a sync packet where data was expected"),
    }
}

/// A receiver on loopback and a target from universe 3 aimed at it.
fn receiver(sync: Option<u16>) -> (UdpSocket, Target) {
    let receiver = UdpSocket::bind("127.0.0.1:0").unwrap();
    receiver.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let port = receiver.local_addr().unwrap().port();
    let target = Target {
        destination: Destination::Host {
            host: "127.0.0.1".into(),
            port,
        },
        universe: 3,
        sync,
    };
    (receiver, target)
}

#[test]
fn a_64x32_frame_is_13_universes_from_the_first_each_counting_its_own_sequence() {
    let (receiver, target) = receiver(None);
    let mut e131 = E131::connect(&target, (64, 32)).unwrap();
    let rgb: Vec<u8> = (0..64 * 32 * 3).map(|byte| (byte % 253) as u8).collect();
    let frame = Frame::new(64, 32, rgb.clone());

    for expected_sequence in [0, 1] {
        e131.show(&frame).unwrap();
        let mut rebuilt = Vec::new();
        for index in 0..13 {
            let Decoded::Data {
                name,
                priority,
                sequence,
                universe,
                sync,
                channels,
            } = receive(&receiver)
            else {
                panic!("a sync packet without sync");
            };
            assert_eq!((universe, sequence, sync), (3 + index, expected_sequence, 0));
            assert_eq!((priority, name.as_str()), (100, "RetroBoard"));
            let expected_channels = if index == 12 { 24 } else { 510 };
            assert_eq!(channels.len(), expected_channels, "universe {universe}");
            rebuilt.extend_from_slice(&channels);
        }
        assert_eq!(rebuilt, rgb);
    }
}

#[test]
fn each_universe_counts_its_own_sequence_and_wraps() {
    let (receiver, target) = receiver(None);
    // 171 pixels: a full universe and one of a single pixel.
    let mut e131 = E131::connect(&target, (171, 1)).unwrap();
    let frame = Frame::blank(171, 1);
    let mut sequences = (Vec::new(), Vec::new());
    for _ in 0..257 {
        e131.show(&frame).unwrap();
        let (first, second) = (data_fields(&receive(&receiver)), data_fields(&receive(&receiver)));
        assert_eq!((first.0, second.0, second.3), (3, 4, 3));
        sequences.0.push(first.1);
        sequences.1.push(second.1);
    }
    let expected: Vec<u8> = (0..=255).chain([0]).collect();
    assert_eq!(sequences, (expected.clone(), expected));
}

#[test]
fn every_output_sends_as_the_same_source() {
    let (receiver, target) = receiver(None);
    let mut cids = Vec::new();
    for _ in 0..2 {
        E131::connect(&target, (1, 1))
            .unwrap()
            .show(&Frame::blank(1, 1))
            .unwrap();
        let mut buffer = [0u8; 1024];
        let size = receiver.recv(&mut buffer).unwrap();
        cids.push(AcnRootLayerProtocol::parse(&buffer[..size]).unwrap().pdu.cid);
    }
    assert_eq!(cids, [CID, CID]);
}

#[test]
fn with_sync_each_frame_ends_with_a_sync_packet_on_its_universe() {
    let (receiver, target) = receiver(Some(9));
    let mut e131 = E131::connect(&target, (171, 1)).unwrap();
    for sequence in 0..3 {
        e131.show(&Frame::blank(171, 1)).unwrap();
        assert_eq!(data_fields(&receive(&receiver)), (3, sequence, 9, 510));
        assert_eq!(data_fields(&receive(&receiver)), (4, sequence, 9, 3));
        assert_eq!(receive(&receiver), Decoded::Sync { sequence, universe: 9 });
    }
}

/// A socket that gets what is sent to `group` at `port` (a free one when 0), joined on
/// loopback only.
fn group_receiver(group: Ipv4Addr, port: u16) -> UdpSocket {
    let socket = UdpSocket::bind((group, port)).unwrap();
    socket.join_multicast_v4(&group, &Ipv4Addr::LOCALHOST).unwrap();
    socket.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    socket
}

#[test]
fn multicast_sends_each_universe_and_the_sync_packets_to_their_own_groups() {
    // Universes 255 and 256 differ in both bytes of their group; sync universe 7000 is 0x1B58.
    let first = group_receiver(Ipv4Addr::new(239, 255, 0, 255), 0);
    let port = first.local_addr().unwrap().port();
    let second = group_receiver(Ipv4Addr::new(239, 255, 1, 0), port);
    let sync = group_receiver(Ipv4Addr::new(239, 255, 27, 88), port);
    let target = Target {
        destination: Destination::Multicast {
            port,
            interface: Some(Ipv4Addr::LOCALHOST),
        },
        universe: 255,
        sync: Some(7000),
    };
    let mut e131 = E131::connect(&target, (171, 1)).unwrap();
    let rgb: Vec<u8> = (0..171 * 3).map(|byte| (byte % 251) as u8).collect();
    for sequence in 0..2 {
        e131.show(&Frame::new(171, 1, rgb.clone())).unwrap();
        let (Decoded::Data { channels: head, .. }, Decoded::Data { channels: tail, .. }) =
            (receive(&first), receive(&second))
        else {
            panic!("data packets on the universes' groups");
        };
        assert_eq!([head, tail].concat(), rgb);
        assert_eq!(
            receive(&sync),
            Decoded::Sync {
                sequence,
                universe: 7000
            }
        );
    }
    // Read again, the fields each group's packets carry.
    e131.show(&Frame::blank(171, 1)).unwrap();
    assert_eq!(data_fields(&receive(&first)), (255, 2, 7000, 510));
    assert_eq!(data_fields(&receive(&second)), (256, 2, 7000, 3));
}

#[test]
fn packets_have_the_layout_the_standard_gives() {
    let (receiver, target) = receiver(Some(0x1234));
    let mut e131 = E131::connect(&target, (2, 1)).unwrap();
    e131.show(&Frame::new(2, 1, vec![1, 2, 3, 4, 5, 6])).unwrap();
    let mut buffer = [0u8; 1024];
    let u16_at = |packet: &[u8], at: usize| u16::from_be_bytes([packet[at], packet[at + 1]]);

    let size = receiver.recv(&mut buffer).unwrap();
    let data = &buffer[..size];
    assert_eq!(size, 126 + 6);
    assert_eq!(&data[4..16], b"ASC-E1.17\0\0\0");
    assert_eq!(data[18..22], [0, 0, 0, 4], "root vector: data");
    assert_eq!(data[40..44], [0, 0, 0, 2], "framing vector: data");
    assert_eq!(u16_at(data, 109), 0x1234, "synchronisation address");
    assert_eq!(u16_at(data, 113), 3, "universe");
    assert_eq!(data[125..], [0, 1, 2, 3, 4, 5, 6], "start code and channels");

    let size = receiver.recv(&mut buffer).unwrap();
    let sync = &buffer[..size];
    assert_eq!(size, 49, "a synchronisation packet is 49 bytes");
    assert_eq!(
        usize::from(u16_at(sync, 16)),
        0x7000 | (49 - 16),
        "root flags and length"
    );
    assert_eq!(sync[18..22], [0, 0, 0, 8], "root vector: extended");
    assert_eq!(&sync[22..38], CID.as_bytes());
    assert_eq!(
        usize::from(u16_at(sync, 38)),
        0x7000 | (49 - 38),
        "framing flags and length"
    );
    assert_eq!(sync[40..44], [0, 0, 0, 1], "framing vector: synchronisation");
    assert_eq!(sync[44], 0, "sequence number");
    assert_eq!(u16_at(sync, 45), 0x1234, "synchronisation address");
    assert_eq!(sync[47..49], [0, 0], "reserved");
}

#[test]
fn a_frame_needing_universes_past_63999_is_refused() {
    assert_eq!(universes_for(1, 64 * 32), Ok(13));
    assert_eq!(universes_for(63987, 64 * 32), Ok(13));
    assert_eq!(
        universes_for(63988, 64 * 32),
        Err("2048 pixels need E1.31 universes 63988 to 64000, past the last, 63999".into())
    );
    let (_receiver, mut target) = receiver(None);
    target.universe = 63999;
    let error = E131::connect(&target, (64, 32)).err().unwrap();
    assert_eq!(
        error.to_string(),
        "2048 pixels need E1.31 universes 63999 to 64011, past the last, 63999"
    );
}

#[test]
fn only_e131_displays_are_taken_and_a_bad_target_is_named() {
    assert!((KIND.parse)("ddp://host", &mut Options::default()).is_none());
    assert_eq!(
        (KIND.parse)("e131://:5568", &mut Options::default()).unwrap().err(),
        Some("invalid E1.31 target ':5568'; expected e131://HOST|multicast[:PORT][?universe=N]".into())
    );
}
