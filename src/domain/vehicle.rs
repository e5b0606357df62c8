//! The car: plate, VIN, mileage and model, and the rules that identify it.

use super::error::{AppError, Field, Problem};
use super::identity::bounded_text;
use super::ids::CarId;
use serde::{Deserialize, Serialize};

/// Fair use: cars a customer may add on the portal (the desk may add more, e.g. a fleet's).
pub const MAX_CARS_PER_CUSTOMER: u32 = 10;
use std::fmt;

/// Provinces, autonomous regions and municipalities, as their one-character plate prefix.
const PROVINCES: &str = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";
/// Last characters of special conventional plates: trailer, driving school, police, HK, Macau.
const SPECIAL_SUFFIXES: &str = "挂学警港澳";
/// Third character of a small new-energy plate: D A B C E pure electric, F G H J K others.
const SMALL_NEV_CLASS: &str = "DABCEFGHJK";

/// Letters and digits as plates use them: I and O are never issued (confusable with 1 and 0).
fn is_plate_alnum(c: char) -> bool {
    c.is_ascii_digit() || (c.is_ascii_uppercase() && c != 'I' && c != 'O')
}

/// A Chinese licence plate (GA 36): province + issuing-authority letter + 5 characters, or
/// 6 for new-energy vehicles. Stored without separator (`京AD12345`), shown with a middle dot.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Plate(String);

impl Plate {
    pub fn parse(input: &str) -> Result<Self, Problem> {
        let plate: String = input
            .chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '·' | '•' | '.' | '-'))
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if plate.is_empty() {
            return Err(Problem::Required);
        }
        let chars: Vec<char> = plate.chars().collect();
        let prefix_ok = chars.len() >= 2
            && PROVINCES.contains(chars[0])
            && chars[1].is_ascii_uppercase()
            && !matches!(chars[1], 'I' | 'O');
        let tail = chars.get(2..).unwrap_or_default();
        let tail_ok = match tail.len() {
            5 => {
                tail[..4].iter().all(|c| is_plate_alnum(*c))
                    && (is_plate_alnum(tail[4]) || SPECIAL_SUFFIXES.contains(tail[4]))
            }
            6 => {
                let small = SMALL_NEV_CLASS.contains(tail[0])
                    && is_plate_alnum(tail[1])
                    && tail[2..].iter().all(char::is_ascii_digit);
                let large =
                    tail[..5].iter().all(char::is_ascii_digit) && matches!(tail[5], 'D' | 'F');
                small || large
            }
            _ => false,
        };
        if prefix_ok && tail_ok {
            Ok(Self(plate))
        } else {
            Err(Problem::PlateFormat)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// New-energy plates have six characters after the prefix.
    pub fn is_new_energy(&self) -> bool {
        self.0.chars().count() == 8
    }
}

impl fmt::Display for Plate {
    /// `京A·12345`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut chars = self.0.chars();
        let head: String = chars.by_ref().take(2).collect();
        write!(f, "{head}·{}", chars.as_str())
    }
}

impl TryFrom<String> for Plate {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value).map_err(|p| format!("{p:?}"))
    }
}

impl From<Plate> for String {
    fn from(value: Plate) -> Self {
        value.0
    }
}

/// A VIN as a bystander sees it: the maker's code and the last four characters
/// (`LGXCE4CB5N0123456` → `LGX**********3456`). Counted in characters, whatever the text.
pub fn mask_vin(vin: &str) -> String {
    let chars: Vec<char> = vin.chars().collect();
    let keep_end = chars.len().saturating_sub(4).max(3);
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| if i < 3 || i >= keep_end { *c } else { '*' })
        .collect()
}

/// A vehicle identification number (GB 16735 / ISO 3779): 17 characters, no I, O or Q.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Vin(String);

impl Vin {
    pub const LENGTH: usize = 17;

    pub fn parse(input: &str) -> Result<Self, Problem> {
        let vin: String = input
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if vin.is_empty() {
            return Err(Problem::Required);
        }
        let allowed = |c: char| {
            c.is_ascii_digit() || (c.is_ascii_uppercase() && !matches!(c, 'I' | 'O' | 'Q'))
        };
        if vin.len() == Self::LENGTH && vin.chars().all(allowed) {
            Ok(Self(vin))
        } else {
            Err(Problem::VinFormat)
        }
    }

    /// An optional VIN field: blank means "not given".
    pub fn parse_optional(input: &str) -> Result<Option<Self>, Problem> {
        if input.trim().is_empty() {
            Ok(None)
        } else {
            Self::parse(input).map(Some)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Vin {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value).map_err(|p| format!("{p:?}"))
    }
}

impl From<Vin> for String {
    fn from(value: Vin) -> Self {
        value.0
    }
}

/// Odometer reading in whole kilometres.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Mileage(u32);

impl Mileage {
    pub const MAX_KM: u32 = 2_000_000;

    /// Accepts `12345`, `12,345` and `12 345`.
    pub fn parse(input: &str) -> Result<Self, Problem> {
        let digits: String = input
            .chars()
            .filter(|c| !c.is_whitespace() && *c != ',')
            .collect();
        if digits.is_empty() {
            return Err(Problem::Required);
        }
        match digits.parse::<u32>() {
            Ok(km) if km <= Self::MAX_KM => Ok(Self(km)),
            _ => Err(Problem::MileageRange),
        }
    }

    pub fn km(self) -> u32 {
        self.0
    }
}

/// Make and model as the owner describes it (比亚迪 汉 EV).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CarModel(String);

impl CarModel {
    pub const MAX: u32 = 60;

    pub fn parse(input: &str) -> Result<Self, Problem> {
        bounded_text(input, Self::MAX).map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A customer's car, as both faces show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Car {
    pub id: CarId,
    pub plate: Plate,
    pub model: String,
    pub vin: Option<Vin>,
    pub mileage_km: u32,
}

/// The add-a-car form as typed. `parse` checks every field and reports the first bad one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CarForm {
    pub plate: String,
    pub model: String,
    pub vin: String,
    pub mileage_km: String,
}

/// A car that passed every rule, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCar {
    pub plate: Plate,
    pub model: CarModel,
    pub vin: Option<Vin>,
    pub mileage: Mileage,
}

impl CarForm {
    pub fn parse(&self) -> Result<NewCar, AppError> {
        Ok(NewCar {
            plate: Plate::parse(&self.plate).map_err(|p| AppError::invalid(Field::Plate, p))?,
            model: CarModel::parse(&self.model).map_err(|p| AppError::invalid(Field::Model, p))?,
            vin: Vin::parse_optional(&self.vin).map_err(|p| AppError::invalid(Field::Vin, p))?,
            mileage: Mileage::parse(&self.mileage_km)
                .map_err(|p| AppError::invalid(Field::Mileage, p))?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_masked_vin_shows_the_makers_code_and_the_last_four() {
        assert_eq!(mask_vin("LGXCE4CB5N0123456"), "LGX**********3456");
        assert_eq!(mask_vin("AB"), "AB");
        assert_eq!(mask_vin("车架号中文字符串长"), "车架号**字符串长");
    }

    #[test]
    fn conventional_plates_are_accepted_and_normalised() {
        for (typed, stored) in [
            ("京A12345", "京A12345"),
            ("京a·1234x", "京A1234X"),
            (" 沪 B 8X88K ", "沪B8X88K"),
            ("粤Z1234港", "粤Z1234港"),
            ("苏E1234学", "苏E1234学"),
        ] {
            assert_eq!(Plate::parse(typed).unwrap().as_str(), stored, "{typed}");
        }
    }

    #[test]
    fn new_energy_plates_small_and_large_are_accepted() {
        for typed in [
            "京AD12345",
            "粤BFA1234",
            "沪AK12345",
            "浙A12345D",
            "川A12345F",
        ] {
            let plate = Plate::parse(typed).unwrap();
            assert!(plate.is_new_energy(), "{typed}");
        }
    }

    #[test]
    fn malformed_plates_are_refused() {
        for typed in [
            "AA12345",    // no province
            "京112345",   // authority must be a letter
            "京I12345",   // I is never issued
            "京A1234",    // too short
            "京A1234567", // too long
            "京AO1234",   // O is never issued
            "京AX12345",  // 6 characters but not a new-energy pattern
            "京A12345X",  // large new-energy must end in D or F
            "京A123港4",  // special suffix only at the end
        ] {
            assert_eq!(Plate::parse(typed), Err(Problem::PlateFormat), "{typed}");
        }
        assert_eq!(Plate::parse(" "), Err(Problem::Required));
    }

    #[test]
    fn a_plate_is_shown_with_a_middle_dot() {
        assert_eq!(Plate::parse("京AD12345").unwrap().to_string(), "京A·D12345");
    }

    #[test]
    fn a_vin_is_seventeen_characters_without_i_o_q() {
        assert_eq!(
            Vin::parse("lsvaa4182e2184842").unwrap().as_str(),
            "LSVAA4182E2184842"
        );
        assert_eq!(Vin::parse("LSVAA4182E218484"), Err(Problem::VinFormat));
        assert_eq!(Vin::parse("LSVAA4182E218484O"), Err(Problem::VinFormat));
        assert_eq!(Vin::parse("LSVAQ4182E2184842"), Err(Problem::VinFormat));
        assert_eq!(Vin::parse_optional("  "), Ok(None));
    }

    #[test]
    fn the_car_form_reports_the_first_bad_field() {
        let form = CarForm {
            plate: "京A12345".into(),
            model: "大众 帕萨特".into(),
            vin: String::new(),
            mileage_km: "35000".into(),
        };
        assert_eq!(form.parse().unwrap().vin, None);
        let bad_plate = CarForm {
            plate: "A12345".into(),
            ..form.clone()
        };
        assert_eq!(
            bad_plate.parse(),
            Err(AppError::invalid(Field::Plate, Problem::PlateFormat))
        );
        let bad_vin = CarForm {
            vin: "123".into(),
            ..form
        };
        assert_eq!(
            bad_vin.parse(),
            Err(AppError::invalid(Field::Vin, Problem::VinFormat))
        );
    }

    #[test]
    fn mileage_accepts_separators_and_refuses_absurd_values() {
        assert_eq!(Mileage::parse("12,345").unwrap().km(), 12_345);
        assert_eq!(Mileage::parse("0").unwrap().km(), 0);
        assert_eq!(Mileage::parse("-5"), Err(Problem::MileageRange));
        assert_eq!(Mileage::parse("2000001"), Err(Problem::MileageRange));
        assert_eq!(Mileage::parse("12.5"), Err(Problem::MileageRange));
        assert_eq!(Mileage::parse(""), Err(Problem::Required));
    }
}
