//! What the checks need to know about a country: a rough centre (for distances between
//! sign-ins located only to a country) and the span of its standard-time UTC offsets (for the
//! working-hours profile). Countries not listed are simply not compared.
//!
//! Centres are approximate population centres, good to a few hundred kilometres, which is all
//! country-level IP geolocation supports. Offsets are standard time in minutes; daylight saving
//! adds at most an hour, which the working-hours check allows for. Where a country's far-flung
//! territories would widen the span past where nearly everyone lives, the span is the populated
//! mainland's (the US is UTC-8..-5 here, not Hawaii's -10).

/// ISO 3166-1 alpha-2 code, latitude, longitude, westmost and eastmost standard UTC offset
/// (minutes).
type Row = (&'static str, f32, f32, i16, i16);

const TABLE: &[Row] = &[
    ("AE", 24.5, 54.4, 240, 240),
    ("AR", -34.6, -58.4, -180, -180),
    ("AT", 48.2, 16.4, 60, 60),
    ("AU", -33.9, 151.2, 480, 600),
    ("BD", 23.8, 90.4, 360, 360),
    ("BE", 50.8, 4.4, 60, 60),
    ("BG", 42.7, 23.3, 120, 120),
    ("BR", -23.5, -46.6, -300, -120),
    ("BY", 53.9, 27.6, 180, 180),
    ("CA", 43.7, -79.4, -480, -210),
    ("CH", 47.4, 8.5, 60, 60),
    ("CL", -33.4, -70.7, -360, -240),
    ("CN", 31.2, 121.5, 480, 480),
    ("CO", 4.7, -74.1, -300, -300),
    ("CY", 35.2, 33.4, 120, 120),
    ("CZ", 50.1, 14.4, 60, 60),
    ("DE", 51.2, 10.4, 60, 60),
    ("DK", 55.7, 12.6, 60, 60),
    ("EE", 59.4, 24.8, 120, 120),
    ("EG", 30.0, 31.2, 120, 120),
    ("ES", 40.4, -3.7, 0, 60),
    ("FI", 60.2, 24.9, 120, 120),
    ("FR", 48.9, 2.4, 60, 60),
    ("GB", 51.5, -0.1, 0, 0),
    ("GE", 41.7, 44.8, 240, 240),
    ("GR", 38.0, 23.7, 120, 120),
    ("HK", 22.3, 114.2, 480, 480),
    ("HR", 45.8, 16.0, 60, 60),
    ("HU", 47.5, 19.0, 60, 60),
    ("ID", -6.2, 106.8, 420, 540),
    ("IE", 53.3, -6.3, 0, 0),
    ("IL", 32.1, 34.8, 120, 120),
    ("IN", 19.1, 72.9, 330, 330),
    ("IR", 35.7, 51.4, 210, 210),
    ("IS", 64.1, -21.9, 0, 0),
    ("IT", 41.9, 12.5, 60, 60),
    ("JP", 35.7, 139.7, 540, 540),
    ("KE", -1.3, 36.8, 180, 180),
    ("KH", 11.6, 104.9, 420, 420),
    ("KP", 39.0, 125.8, 540, 540),
    ("KR", 37.6, 127.0, 540, 540),
    ("KZ", 43.2, 76.9, 300, 300),
    ("LA", 18.0, 102.6, 420, 420),
    ("LK", 6.9, 79.9, 330, 330),
    ("LT", 54.7, 25.3, 120, 120),
    ("LU", 49.6, 6.1, 60, 60),
    ("LV", 56.9, 24.1, 120, 120),
    ("MA", 33.6, -7.6, 0, 60),
    ("MD", 47.0, 28.9, 120, 120),
    ("MN", 47.9, 106.9, 420, 480),
    ("MO", 22.2, 113.5, 480, 480),
    ("MX", 19.4, -99.1, -480, -300),
    ("MY", 3.1, 101.7, 480, 480),
    ("NG", 6.5, 3.4, 60, 60),
    ("NL", 52.4, 4.9, 60, 60),
    ("NO", 59.9, 10.8, 60, 60),
    ("NP", 27.7, 85.3, 345, 345),
    ("NZ", -36.8, 174.8, 720, 720),
    ("PE", -12.0, -77.0, -300, -300),
    ("PH", 14.6, 121.0, 480, 480),
    ("PK", 24.9, 67.0, 300, 300),
    ("PL", 52.2, 21.0, 60, 60),
    ("PT", 38.7, -9.1, -60, 0),
    ("RO", 44.4, 26.1, 120, 120),
    ("RS", 44.8, 20.5, 60, 60),
    ("RU", 55.8, 37.6, 120, 720),
    ("SA", 24.7, 46.7, 180, 180),
    ("SE", 59.3, 18.1, 60, 60),
    ("SG", 1.35, 103.8, 480, 480),
    ("SI", 46.1, 14.5, 60, 60),
    ("SK", 48.1, 17.1, 60, 60),
    ("TH", 13.8, 100.5, 420, 420),
    ("TR", 41.0, 29.0, 180, 180),
    ("TW", 25.0, 121.5, 480, 480),
    ("UA", 50.5, 30.5, 120, 120),
    ("US", 39.8, -89.0, -480, -300),
    ("UY", -34.9, -56.2, -180, -180),
    ("UZ", 41.3, 69.2, 300, 300),
    ("VE", 10.5, -66.9, -240, -240),
    ("VN", 21.0, 105.8, 420, 420),
    ("ZA", -26.2, 28.0, 120, 120),
];

/// A country the checks know.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Country {
    pub code: &'static str,
    pub lat: f32,
    pub lon: f32,
    /// Standard-time UTC offsets, minutes, west to east.
    pub offsets: (i16, i16),
}

/// The country with this ISO alpha-2 code (any case).
pub fn get(code: &str) -> Option<Country> {
    let code = code.trim();
    TABLE
        .binary_search_by(|row| {
            row.0
                .bytes()
                .cmp(code.bytes().map(|b| b.to_ascii_uppercase()))
        })
        .ok()
        .map(|i| {
            let (code, lat, lon, west, east) = TABLE[i];
            Country {
                code,
                lat,
                lon,
                offsets: (west, east),
            }
        })
}

/// Great-circle distance in kilometres.
pub fn distance_km(a: &Country, b: &Country) -> f64 {
    let (la1, lo1) = (f64::from(a.lat).to_radians(), f64::from(a.lon).to_radians());
    let (la2, lo2) = (f64::from(b.lat).to_radians(), f64::from(b.lon).to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().min(1.0).asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_well_formed() {
        for w in TABLE.windows(2) {
            assert!(w[0].0 < w[1].0, "{} before {}", w[0].0, w[1].0);
        }
        for row in TABLE {
            assert!(row.3 <= row.4, "{}", row.0);
            assert!((-90.0..=90.0).contains(&row.1) && (-180.0..=180.0).contains(&row.2));
        }
    }

    #[test]
    fn lookups_and_distances() {
        let jp = get("jp").expect("JP");
        assert_eq!(jp.offsets, (540, 540));
        assert!(get("XX").is_none());
        let gb = get("GB").expect("GB");
        let us = get("US").expect("US");
        let d = distance_km(&gb, &us);
        assert!((6000.0..8000.0).contains(&d), "{d}");
        assert!(distance_km(&gb, &get("FR").expect("FR")) < 500.0);
    }
}
