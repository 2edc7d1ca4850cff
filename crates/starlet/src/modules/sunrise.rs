//! `sunrise.star`: when the sun rises and sets, how high it stands, and when
//! it reaches an elevation, by the sunrise equation with the constants
//! Pixlet's library (go-sunrise) uses, so times agree with Pixlet's to the
//! second. Times come back in UTC; a day without the event gives `None`.

use starlark::environment::GlobalsBuilder;
use starlark::starlark_module;
use starlark::values::float::StarlarkFloat;
use starlark::values::none::NoneOr;
use starlark::values::{UnpackValue, Value};

use crate::gotime::{Time, Zone};
use crate::values::time::TimeValue;

const DEGREE: f64 = std::f64::consts::PI / 180.0;
const J2000: f64 = 2_451_545.0;
const UNIX_EPOCH_JULIAN_DAY: f64 = 2_440_587.5;
/// The sine of the sun's elevation at sunrise: -0.83 degrees, refraction
/// and the sun's radius together.
const SUNRISE_SINE: f64 = -0.01449;

/// The sun's position on one day at one longitude.
struct SolarDay {
    /// Julian day of the true solar noon.
    transit: f64,
    /// Degrees.
    declination: f64,
}

impl SolarDay {
    fn new(longitude: f64, date: &Time) -> Option<Self> {
        let noon = Time::date(
            date.year().into(),
            date.month().into(),
            date.day().into(),
            12,
            0,
            0,
            0,
            Zone::UTC,
        )?;
        let day = julian_day(noon.unix()) - longitude / 360.0;
        let mut anomaly = libm::remainder(357.5291 + 0.985_600_28 * (day - J2000), 360.0);
        if anomaly < 0.0 {
            anomaly += 360.0;
        }
        let radians = anomaly * DEGREE;
        let center = 1.9148 * radians.sin() + 0.02 * (2.0 * radians).sin() + 0.0003 * (3.0 * radians).sin();
        let perihelion = 102.930_05 + 0.317_952_6 * (day - J2000) / 36525.0;
        let longitude = (anomaly + center + 180.0 + perihelion) % 360.0;
        let transit = day + 0.0053 * (anomaly * DEGREE).sin() - 0.0069 * (2.0 * longitude * DEGREE).sin();
        let declination = ((longitude * DEGREE).sin() * 0.39779).asin() / DEGREE;
        Some(Self { transit, declination })
    }

    /// The hour angle in radians at which the sun's elevation has `sine`;
    /// `None` when it never gets there that day.
    fn hour_angle(&self, latitude: f64, sine: f64) -> Option<f64> {
        let (latitude, declination) = (latitude * DEGREE, self.declination * DEGREE);
        let angle = ((sine - latitude.sin() * declination.sin()) / (latitude.cos() * declination.cos())).acos();
        angle.is_finite().then_some(angle)
    }

    /// The morning and evening times `fraction` of a day from the transit.
    fn times(&self, fraction: f64) -> (Option<Time>, Option<Time>) {
        (time_of(self.transit - fraction), time_of(self.transit + fraction))
    }

    /// Sunrise and sunset: Go's library turns the angle into degrees first.
    fn rise_and_set(&self, latitude: f64) -> (Option<Time>, Option<Time>) {
        match self.hour_angle(latitude, SUNRISE_SINE) {
            Some(angle) => self.times(angle / DEGREE / 360.0),
            None => (None, None),
        }
    }
}

fn julian_day(unix: i64) -> f64 {
    unix as f64 / 86_400.0 + UNIX_EPOCH_JULIAN_DAY
}

/// A Julian day as a time, whole seconds cut toward zero as Go's library does.
fn time_of(day: f64) -> Option<Time> {
    let seconds = (day - UNIX_EPOCH_JULIAN_DAY) * 86_400.0;
    seconds
        .is_finite()
        .then(|| Time::from_unix(seconds as i64, 0))
        .flatten()
}

/// A latitude, longitude or elevation: a float (Pixlet refuses ints here).
fn degrees(value: Value, name: &str) -> anyhow::Result<f64> {
    StarlarkFloat::unpack_value_opt(value)
        .map(|f| f.0)
        .ok_or_else(|| anyhow::anyhow!("for parameter {name}: got {}, want float", value.get_type()))
}

fn solar_day(lng: Value, date: Value, what: &str) -> anyhow::Result<SolarDay> {
    let date = TimeValue::unpack(date, what)?;
    SolarDay::new(degrees(lng, "lng")?, date).ok_or_else(|| anyhow::anyhow!("{what}: date out of range"))
}

pub fn members(builder: &mut GlobalsBuilder) {
    builder.namespace("sunrise", sunrise_members);
}

#[starlark_module]
fn sunrise_members(builder: &mut GlobalsBuilder) {
    /// When the sun rises at (`lat`, `lng`) on `date`'s day, or `None`.
    fn sunrise(lat: Value, lng: Value, date: Value) -> anyhow::Result<NoneOr<TimeValue>> {
        let day = solar_day(lng, date, "sunrise")?;
        Ok(NoneOr::from_option(
            day.rise_and_set(degrees(lat, "lat")?).0.map(TimeValue),
        ))
    }

    /// When the sun sets at (`lat`, `lng`) on `date`'s day, or `None`.
    fn sunset(lat: Value, lng: Value, date: Value) -> anyhow::Result<NoneOr<TimeValue>> {
        let day = solar_day(lng, date, "sunset")?;
        Ok(NoneOr::from_option(
            day.rise_and_set(degrees(lat, "lat")?).1.map(TimeValue),
        ))
    }

    /// The sun's elevation above the horizon, in degrees, at `time`.
    fn elevation(lat: Value, lng: Value, time: Value) -> anyhow::Result<f64> {
        let day = solar_day(lng, time, "elevation")?;
        let when = TimeValue::unpack(time, "elevation")?;
        let hour_angle = 2.0 * std::f64::consts::PI * (day.transit - julian_day(when.unix()));
        let (latitude, declination) = (degrees(lat, "lat")? * DEGREE, day.declination * DEGREE);
        let sine = latitude.sin() * declination.sin() + latitude.cos() * declination.cos() * hour_angle.cos();
        Ok(sine.asin() / DEGREE)
    }

    /// The morning and evening times at which the sun stands `elev` degrees
    /// high on `date`'s day, or `None` when it never does.
    fn elevation_time<'v>(
        lat: Value<'v>,
        lng: Value<'v>,
        elev: Value<'v>,
        date: Value<'v>,
    ) -> anyhow::Result<NoneOr<(TimeValue, TimeValue)>> {
        let day = solar_day(lng, date, "elevation_time")?;
        let sine = (degrees(elev, "elev")? * DEGREE).sin();
        let times = day
            .hour_angle(degrees(lat, "lat")?, sine)
            .map(|angle| day.times(angle / (2.0 * std::f64::consts::PI)));
        Ok(NoneOr::from_option(match times {
            Some((Some(morning), Some(evening))) => Some((TimeValue(morning), TimeValue(evening))),
            _ => None,
        }))
    }
}
