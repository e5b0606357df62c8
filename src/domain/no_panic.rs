//! Fuzzing every parser of outside input (numbers, phones, plates, VINs, money, dates, codes,
//! the photo sniffer): arbitrary text and bytes must give an answer, never a panic. A seeded
//! generator makes each run the same and bounded (`make test` runs it with the unit tests).

use super::*;

/// xorshift64*: small, seeded, good enough to spread inputs.
struct Inputs(u64);

impl Inputs {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Text mixing what breaks byte-slicing parsers: ASCII digits and letters, separators,
    /// Chinese characters, full-width digits, combining marks, emoji, control characters.
    fn text(&mut self) -> String {
        const PIECES: [&str; 24] = [
            "0", "1", "9", "8", "6", "A", "Z", "a", "-", ".", ",", " ", "+", "沪", "中", "京",
            "０", "９", "\u{301}", "🚗", "\u{0}", "\n", "WO", "BK",
        ];
        let len = (self.next() % 24) as usize;
        (0..len)
            .map(|_| PIECES[(self.next() % PIECES.len() as u64) as usize])
            .collect()
    }

    fn bytes(&mut self) -> Vec<u8> {
        const HEADS: [&[u8]; 4] = [b"\xFF\xD8\xFF", b"\x89PNG\r\n\x1a\n", b"RIFF", b"WEBP"];
        let mut bytes = match self.next() % 3 {
            0 => HEADS[(self.next() % 4) as usize].to_vec(),
            _ => Vec::new(),
        };
        let len = (self.next() % 32) as usize;
        bytes.extend((0..len).map(|_| self.next() as u8));
        bytes
    }
}

const ROUNDS: usize = 20_000;

#[test]
fn no_parser_of_outside_input_panics_on_arbitrary_text() {
    let mut inputs = Inputs(0x9E37_79B9_7F4A_7C15);
    for _ in 0..ROUNDS {
        let text = inputs.text();
        let _ = identity::Phone::parse(&text);
        let _ = identity::PersonName::parse(&text);
        let _ = identity::Username::parse(&text);
        let _ = identity::NewPassword::parse(&text);
        let _ = vehicle::Plate::parse(&text);
        let _ = vehicle::Vin::parse(&text);
        let _ = vehicle::Mileage::parse(&text);
        let _ = vehicle::CarModel::parse(&text);
        let _ = booking::BookingNumber::parse(&text);
        let _ = work_order::WorkOrderNumber::parse(&text);
        let _ = complaint::ComplaintNumber::parse(&text);
        let _ = phone_proof::OneTimeCode::parse(&text);
        let _ = estimate::parse_hundredths(&text);
        let _ = estimate::parse_money(&text, Field::Amount, estimate::Money::LINE_MAX);
        let _ = estimate::PartUnit::from_stored(&text);
        let _ = complaint::parse_compensation(&text);
        let _ = work_order::parse_odometer(&text, 0);
        let _ = work_order::parse_certificate(&text);
        let _ = form_time::parse_date_field(&text);
        let _ = form_time::parse_datetime_field(&text);
        let _ = wire_time::parse_date(&text);
        let _ = wire_time::parse_time(&text);
        let _ = wire_time::parse_datetime(&text);
        let _ = booking::parse_description(&text);
        let _ = ids::LinkToken::parse(&text);
    }
}

#[test]
fn the_photo_sniffer_never_panics_on_arbitrary_bytes() {
    let mut inputs = Inputs(0xD1B5_4A32_D192_ED03);
    for _ in 0..ROUNDS {
        let _ = photo::PhotoType::sniff(&inputs.bytes());
    }
}
