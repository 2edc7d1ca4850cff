//! Turns raw arrivals into fan-out figures: every (command, client) latency, losses, and the
//! time until the last client had each command.

use serde::Serialize;

use crate::commander::VALUES;

/// Latency percentiles in milliseconds.
#[derive(Debug, Default, Clone, Serialize, PartialEq)]
pub struct Percentiles {
    pub samples: u64,
    pub p50: f64,
    pub p90: f64,
    pub p99: f64,
    pub p999: f64,
    pub max: f64,
}

impl Percentiles {
    pub fn of(mut ns: Vec<u64>) -> Self {
        if ns.is_empty() {
            return Self::default();
        }
        ns.sort_unstable();
        let at = |q: f64| ns[((ns.len() - 1) as f64 * q).round() as usize] as f64 / 1e6;
        Self {
            samples: ns.len() as u64,
            p50: at(0.5),
            p90: at(0.9),
            p99: at(0.99),
            p999: at(0.999),
            max: at(1.0),
        }
    }
}

#[derive(Debug, Default, Serialize)]
pub struct Delivery {
    pub expected: u64,
    pub delivered: u64,
    pub lost: u64,
    /// Deliveries that arrived more than `late_ms` after their command was sent.
    pub late: u64,
    pub late_ms: f64,
    /// Latency over every (command, client) pair.
    pub latency: Percentiles,
    /// Per command: time until the last client had it (only commands every client got).
    pub last_client: Percentiles,
}

/// Every (command, client) latency of a burst, and per command its slowest delivery and how
/// many clients got it; shares of one fleet held by several processes merge by concatenation.
#[derive(Debug, Default)]
pub struct Matched {
    pub latencies_ns: Vec<u64>,
    pub last_ns: Vec<u64>,
    pub got: Vec<u64>,
}

/// How far behind the newest command a client already has an arrival may still belong. Servers
/// that handle requests concurrently (Flask's threads) can broadcast neighbouring commands out of
/// order; none sends one dozens of commands late.
const REORDER_WINDOW: usize = 50;

/// Matches each client's arrivals to commands. `first_value` is the brightness of the first
/// command of the burst; `send_ns[i]` is the send time of its i-th command.
///
/// A value repeats every [`VALUES`] commands, so an arrival could belong to any of them. It is
/// taken to be the earliest command carrying its value that this client has not had yet and that
/// is no more than [`REORDER_WINDOW`] commands older than the newest it has had. Servers that merge
/// commands (RetroBoard sends the newest state, skipping values set meanwhile) never send a
/// skipped one later: counting the next command with the same value as the skipped one's late
/// arrival would invent a delay of `VALUES` command intervals and lose the next command instead.
pub fn match_arrivals(first_value: u8, send_ns: &[u64], clients: &[Vec<(u8, u64)>]) -> Matched {
    let commands = send_ns.len();
    let mut matched = Matched {
        latencies_ns: Vec::with_capacity(commands * clients.len()),
        last_ns: vec![0; commands],
        got: vec![0; commands],
    };
    let period = VALUES as usize;
    for arrivals in clients {
        let mut had = vec![false; commands];
        let mut newest: Option<usize> = None;
        for &(value, at) in arrivals {
            let offset = (value as usize + period - first_value as usize) % period;
            let oldest = newest.map_or(0, |newest| newest.saturating_sub(REORDER_WINDOW));
            let first = offset + period * oldest.saturating_sub(offset).div_ceil(period);
            let Some(index) = (first..commands).step_by(period).find(|&index| !had[index]) else {
                continue;
            };
            had[index] = true;
            newest = newest.max(Some(index));
            let latency = at.saturating_sub(send_ns[index]);
            matched.latencies_ns.push(latency);
            matched.last_ns[index] = matched.last_ns[index].max(latency);
            matched.got[index] += 1;
        }
    }
    matched
}

/// Fan-out figures of a burst sent to `expected_clients` clients; see [`match_arrivals`].
pub fn deliveries(
    first_value: u8,
    send_ns: &[u64],
    clients: &[Vec<(u8, u64)>],
    expected_clients: u64,
    late_ms: f64,
) -> Delivery {
    summarize(match_arrivals(first_value, send_ns, clients), expected_clients, late_ms)
}

pub fn summarize(matched: Matched, expected_clients: u64, late_ms: f64) -> Delivery {
    let late_ns = (late_ms * 1e6) as u64;
    let expected = matched.got.len() as u64 * expected_clients;
    let delivered = matched.latencies_ns.len() as u64;
    let late = matched.latencies_ns.iter().filter(|&&l| l > late_ns).count() as u64;
    let complete: Vec<u64> = matched
        .last_ns
        .iter()
        .zip(&matched.got)
        .filter(|&(_, &n)| n >= expected_clients)
        .map(|(&l, _)| l)
        .collect();
    Delivery {
        expected,
        delivered,
        lost: expected.saturating_sub(delivered),
        late,
        late_ms,
        latency: Percentiles::of(matched.latencies_ns),
        last_client: Percentiles::of(complete),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_pick_ranked_samples() {
        let p = Percentiles::of((1..=1000).map(|ms| ms * 1_000_000).collect());
        assert_eq!(p.samples, 1000);
        assert_eq!(p.p50, 501.0);
        assert_eq!(p.p99, 990.0);
        assert_eq!(p.max, 1000.0);
        assert_eq!(Percentiles::of(vec![]), Percentiles::default());
    }

    #[test]
    fn arrivals_match_commands_across_value_wraparound() {
        // 150 commands starting at value 99: values 99, 100, 0, 1, ... wrap, and 99 repeats at index 101.
        let send: Vec<u64> = (0..150).map(|i| i * 1_000).collect();
        let value = |i: u64| ((99 + i) % VALUES) as u8;
        let client_a: Vec<(u8, u64)> = (0..150).map(|i| (value(i), i * 1_000 + 2_000_000)).collect();
        // The second client misses command 101 and gets command 0 late.
        let client_b: Vec<(u8, u64)> = (0..150)
            .filter(|&i| i != 101)
            .map(|i| (value(i), i * 1_000 + if i == 0 { 1_500_000_000 } else { 1_000_000 }))
            .collect();
        let d = deliveries(99, &send, &[client_a, client_b], 2, 1000.0);
        assert_eq!(d.expected, 300);
        assert_eq!(d.delivered, 299);
        assert_eq!(d.lost, 1);
        assert_eq!(d.late, 1);
        // 148 samples at 1 ms, 150 at 2 ms, one at 1500 ms.
        assert_eq!(d.latency.p50, 2.0);
        assert_eq!(d.latency.p99, 2.0);
        assert_eq!(d.latency.max, 1500.0);
        // Command 101 is incomplete, so 149 commands count toward the last-client figure.
        assert_eq!(d.last_client.samples, 149);
        assert_eq!(d.last_client.p50, 2.0);
    }

    /// Commands 50 ms apart, each arriving 2 ms after it was sent.
    fn on_time(indices: impl Iterator<Item = u64>) -> Vec<(u8, u64)> {
        indices
            .map(|i| ((i % VALUES) as u8, i * 50_000_000 + 2_000_000))
            .collect()
    }

    #[test]
    fn a_skipped_command_is_lost_not_matched_to_the_next_with_its_value() {
        let send: Vec<u64> = (0..300).map(|i| i * 50_000_000).collect();
        // The server merged command 5 into 6; command 106 carries command 5's value.
        let client = on_time((0..300).filter(|&i| i != 5));
        let d = deliveries(0, &send, &[client], 1, 1000.0);
        assert_eq!(d.lost, 1);
        assert_eq!(d.late, 0);
        assert_eq!(d.latency.max, 2.0);
        assert_eq!(d.last_client.samples, 299);
    }

    #[test]
    fn neighbours_broadcast_out_of_order_still_match() {
        let send: Vec<u64> = (0..300).map(|i| i * 50_000_000).collect();
        let mut client = on_time(0..300);
        client.swap(150, 151);
        let d = deliveries(0, &send, &[client], 1, 1000.0);
        assert_eq!(d.lost, 0);
        assert_eq!(d.latency.max, 2.0);
    }
}
