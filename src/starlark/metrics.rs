//! Community apps in `/metrics`: renders by result and the time they took,
//! and which installations are failing now (by installation name: the
//! names people gave, of which there are at most a few dozen).

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use prometheus_client::collector::Collector;
use prometheus_client::encoding::{DescriptorEncoder, EncodeMetric};
use prometheus_client::metrics::MetricType;
use prometheus_client::metrics::counter::ConstCounter;

use super::runner::RenderCounts;
use crate::manager::Manager;
use crate::metrics::family;

pub struct StarlarkMetrics {
    pub counts: Arc<RenderCounts>,
    pub manager: Arc<Manager>,
}

impl fmt::Debug for StarlarkMetrics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("StarlarkMetrics")
    }
}

impl Collector for StarlarkMetrics {
    fn encode(&self, mut encoder: DescriptorEncoder) -> fmt::Result {
        let read = |counter: &std::sync::atomic::AtomicU64| counter.load(Ordering::Relaxed);
        let renders = [
            (vec![("result", "ok")], read(&self.counts.ok)),
            (vec![("result", "empty")], read(&self.counts.empty)),
            (vec![("result", "failed")], read(&self.counts.failed)),
        ];
        family(
            &mut encoder,
            "starlark_renders",
            "Renders of installed community apps by result (empty: main returned nothing)",
            MetricType::Counter,
            &renders,
        )?;
        let seconds = ConstCounter::new(read(&self.counts.nanos) as f64 / 1e9);
        seconds.encode(encoder.encode_descriptor(
            "starlark_render_seconds",
            "Time spent rendering installed community apps",
            None,
            seconds.metric_type(),
        )?)?;
        let failing: Vec<(String, u64)> = self.manager.view(|_, state| {
            state
                .installations
                .iter()
                .map(|(name, installation)| {
                    let failing = installation
                        .status
                        .as_ref()
                        .is_some_and(|status| status.error.is_some());
                    (name.clone(), u64::from(failing))
                })
                .collect()
        });
        let failing: Vec<_> = failing
            .iter()
            .map(|(name, failing)| (vec![("installation", name.as_str())], *failing))
            .collect();
        family(
            &mut encoder,
            "starlark_installation_failing",
            "1 while an installation's last render failed (see GET /api/starlark/installations)",
            MetricType::Gauge,
            &failing,
        )
    }
}
