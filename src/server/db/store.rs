//! The repository, written once over any sqlx database that can hold our types.
//!
//! The SQL here is portable between SQLite and PostgreSQL (`$n` placeholders, `RETURNING`,
//! `ON CONFLICT`, no date functions: date arithmetic happens in Rust). `Store<Sqlite>` and
//! `Store<Postgres>` are the two implementations of `Repository`; `Backend` supplies the one
//! thing that must differ, the lock a booking transaction takes.

use super::*;
use crate::domain::availability::Need;
use crate::domain::booking::{BookedOrder, BookingStatus, Channel, SafetySymptom};
use crate::domain::catalog::{BookingPolicy, Localized, Skill, SkillSet};
use crate::domain::estimate::Money;
use crate::domain::standard_work::{StandardPart, StandardWork};
use crate::domain::vehicle::{Plate, Vin};
use crate::domain::work_order::WorkOrderNumber;
use futures::future::BoxFuture;
use sqlx::{
    ColumnIndex, Decode, Encode, Executor, FromRow, IntoArguments, Pool, Transaction, Type,
};

/// What differs between the databases inside the shared repository.
pub trait Backend: sqlx::Database {
    /// Starts the transaction a booking change runs in. It must serialise booking changes at
    /// the outlet and for the car, so that the capacity and the car's other bookings read
    /// inside it are still true when it commits.
    fn begin_booking(
        pool: &Pool<Self>,
        outlet: OutletId,
        car: CarId,
    ) -> BoxFuture<'_, sqlx::Result<Transaction<'static, Self>>>;

    /// Starts a transaction that will write: on SQLite it takes the write lock up front, so a
    /// read inside it cannot fail to upgrade later under load.
    fn begin_write(pool: &Pool<Self>) -> BoxFuture<'_, sqlx::Result<Transaction<'static, Self>>>;
}

pub struct Store<DB: sqlx::Database> {
    pub pool: Pool<DB>,
}

pub(super) fn corrupt(what: impl Into<String>) -> DbError {
    DbError::Other(sqlx::Error::Decode(what.into().into()))
}

/// Outlet ids as an SQL list (numbers only: nothing typed by a user).
pub(super) fn id_list(outlets: &[OutletId]) -> String {
    match outlets.is_empty() {
        true => "NULL".into(),
        false => outlets
            .iter()
            .map(|o| o.0.to_string())
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// The statuses that hold capacity, as an SQL list, from the domain rule.
fn holding_statuses() -> String {
    BookingStatus::ALL
        .into_iter()
        .filter(|s| s.holds_capacity())
        .map(|s| format!("'{}'", s.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

#[derive(FromRow)]
struct OutletRow {
    id: i64,
    group_id: i64,
    code: String,
    name_zh: String,
    name_en: String,
    address_zh: String,
    address_en: String,
    phone: String,
    time_zone: String,
    slot_minutes: i32,
    cutoff_hours: i32,
    horizon_days: i32,
    min_notice_minutes: i32,
    max_active_bookings: i32,
    max_bookings_per_window: i32,
    max_complaints_per_day: i32,
}

impl From<OutletRow> for Outlet {
    fn from(r: OutletRow) -> Self {
        Outlet {
            id: OutletId(r.id),
            group: GroupId(r.group_id),
            code: r.code,
            name: Localized {
                zh: r.name_zh,
                en: r.name_en,
            },
            address: Localized {
                zh: r.address_zh,
                en: r.address_en,
            },
            phone: r.phone,
            time_zone: r.time_zone,
            policy: BookingPolicy {
                slot_minutes: r.slot_minutes as u32,
                cutoff_hours: r.cutoff_hours as u32,
                horizon_days: r.horizon_days as u32,
                min_notice_minutes: r.min_notice_minutes as u32,
                max_active_bookings: r.max_active_bookings.max(1) as u32,
                max_bookings_per_window: r.max_bookings_per_window.max(1) as u32,
                max_complaints_per_day: r.max_complaints_per_day.max(1) as u32,
            },
        }
    }
}

const OUTLET_COLUMNS: &str =
    "id, group_id, code, name_zh, name_en, address_zh, address_en, phone, time_zone, \
     slot_minutes, cutoff_hours, horizon_days, min_notice_minutes, max_active_bookings, \
     max_bookings_per_window, max_complaints_per_day";

#[derive(FromRow)]
struct ServiceTypeRow {
    id: i64,
    code: String,
    name_zh: String,
    name_en: String,
    duration_minutes: i32,
    skill: String,
}

impl TryFrom<ServiceTypeRow> for ServiceType {
    type Error = DbError;
    fn try_from(r: ServiceTypeRow) -> Result<Self, Self::Error> {
        Ok(ServiceType {
            id: ServiceTypeId(r.id),
            code: r.code,
            name: Localized {
                zh: r.name_zh,
                en: r.name_en,
            },
            duration_minutes: r.duration_minutes as u32,
            skill: r.skill.parse::<Skill>().map_err(corrupt)?,
        })
    }
}

#[derive(FromRow)]
struct CarRow {
    id: i64,
    plate: String,
    model: String,
    vin: Option<String>,
    mileage_km: i32,
}

impl TryFrom<CarRow> for Car {
    type Error = DbError;
    fn try_from(r: CarRow) -> Result<Self, Self::Error> {
        Ok(Car {
            id: CarId(r.id),
            plate: Plate::parse(&r.plate).map_err(|_| corrupt("stored plate"))?,
            model: r.model,
            vin: r
                .vin
                .as_deref()
                .map(Vin::parse)
                .transpose()
                .map_err(|_| corrupt("stored VIN"))?,
            mileage_km: r.mileage_km as u32,
        })
    }
}

#[derive(FromRow)]
struct OccupancyRow {
    local_date: NaiveDate,
    start_minute: i32,
    end_minute: i32,
    skills: String,
}

impl TryFrom<OccupancyRow> for Occupancy {
    type Error = DbError;
    fn try_from(r: OccupancyRow) -> Result<Self, Self::Error> {
        Ok(Occupancy {
            date: r.local_date,
            start: r.start_minute as u32,
            end: r.end_minute as u32,
            skills: SkillSet::from_db(&r.skills).map_err(corrupt)?,
        })
    }
}

#[derive(FromRow)]
struct BookingRow {
    id: i64,
    number: String,
    outlet_id: i64,
    customer_id: i64,
    car_id: i64,
    local_date: NaiveDate,
    start_minute: i32,
    end_minute: i32,
    starts_at: DateTime<Utc>,
    skills: String,
    urgent: bool,
    symptoms: String,
    description: String,
    status: String,
    channel: String,
    customer_name: String,
    customer_phone: String,
    plate: String,
    car_model: String,
    order_number: Option<String>,
    order_status: Option<String>,
}

impl BookingRow {
    fn into_record(self, service_ids: Vec<ServiceTypeId>) -> DbResult<BookingRecord> {
        Ok(BookingRecord {
            id: BookingId(self.id),
            number: BookingNumber::parse(&self.number)
                .map_err(|_| corrupt("stored booking number"))?,
            outlet_id: OutletId(self.outlet_id),
            customer_id: CustomerId(self.customer_id),
            car_id: CarId(self.car_id),
            slot: Slot {
                date: self.local_date,
                start: self.start_minute as u32,
                end: self.end_minute as u32,
                starts_at: self.starts_at,
            },
            skills: SkillSet::from_db(&self.skills).map_err(corrupt)?,
            urgent: self.urgent,
            symptoms: SafetySymptom::list_from_db(&self.symptoms).map_err(corrupt)?,
            description: self.description,
            status: self.status.parse().map_err(corrupt)?,
            channel: self.channel.parse::<Channel>().map_err(corrupt)?,
            service_ids,
            customer_name: self.customer_name,
            customer_phone: Phone::parse(&self.customer_phone)
                .map_err(|_| corrupt("stored phone"))?,
            plate: Plate::parse(&self.plate).map_err(|_| corrupt("stored plate"))?,
            car_model: self.car_model,
            work_order: match (self.order_number, self.order_status) {
                (Some(number), Some(status)) => Some(BookedOrder {
                    number: WorkOrderNumber::parse(&number)
                        .map_err(|_| corrupt("stored work-order number"))?,
                    status: status.parse().map_err(corrupt)?,
                }),
                _ => None,
            },
        })
    }
}

/// Which bookings a listing wants; the same filter selects their services.
enum BookingFilter<'a> {
    Number(&'a str),
    Customer(CustomerId),
    Day(OutletId, NaiveDate),
}

impl BookingFilter<'_> {
    fn condition(&self) -> &'static str {
        match self {
            Self::Number(_) => "b.number = $1",
            Self::Customer(_) => "b.customer_id = $1",
            Self::Day(..) => "b.outlet_id = $1 AND b.local_date = $2",
        }
    }
}

pub(super) fn to_i32(value: u32) -> i32 {
    i32::try_from(value).unwrap_or(i32::MAX)
}

fn bind_filter<'q, DB, O>(
    query: sqlx::query::QueryAs<'q, DB, O, <DB as sqlx::Database>::Arguments<'q>>,
    filter: &BookingFilter<'q>,
) -> sqlx::query::QueryAs<'q, DB, O, <DB as sqlx::Database>::Arguments<'q>>
where
    DB: sqlx::Database,
    i64: Encode<'q, DB> + Type<DB>,
    &'q str: Encode<'q, DB> + Type<DB>,
    NaiveDate: Encode<'q, DB> + Type<DB>,
{
    match filter {
        BookingFilter::Number(number) => query.bind(*number),
        BookingFilter::Customer(id) => query.bind(id.0),
        BookingFilter::Day(outlet, day) => query.bind(outlet.0).bind(*day),
    }
}

#[async_trait::async_trait]
impl<DB> Repository for Store<DB>
where
    DB: Backend,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'r> &'r str: ColumnIndex<DB::Row>,
    usize: ColumnIndex<DB::Row>,
    for<'q> i64: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> i32: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> bool: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> String: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> DateTime<Utc>: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> NaiveDate: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> Option<i64>: Encode<'q, DB>,
    for<'q> Option<&'q str>: Encode<'q, DB>,
    for<'q> Option<i32>: Encode<'q, DB>,
    for<'q> Option<NaiveDate>: Encode<'q, DB>,
    for<'q> Option<DateTime<Utc>>: Encode<'q, DB>,
    for<'q> Vec<u8>: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
{
    async fn create_group(&self, name: &str, audit: &AuditEntry) -> DbResult<GroupId> {
        let mut tx = self.pool.begin().await?;
        let (id,): (i64,) =
            sqlx::query_as("INSERT INTO dealer_groups (name) VALUES ($1) RETURNING id")
                .bind(name)
                .fetch_one(&mut *tx)
                .await?;
        Self::insert_audit(&mut tx, audit, Some(id.to_string())).await?;
        tx.commit().await?;
        Ok(GroupId(id))
    }

    async fn create_outlet(&self, new: &NewOutlet, audit: &AuditEntry) -> DbResult<OutletId> {
        let mut tx = self.pool.begin().await?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO outlets (group_id, code, name_zh, name_en, address_zh, address_en, phone, time_zone, \
             slot_minutes, cutoff_hours, horizon_days, min_notice_minutes, max_active_bookings, \
             max_bookings_per_window, max_complaints_per_day) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id",
        )
        .bind(new.group_id.0)
        .bind(new.code.as_str())
        .bind(new.name.zh.as_str())
        .bind(new.name.en.as_str())
        .bind(new.address.zh.as_str())
        .bind(new.address.en.as_str())
        .bind(new.phone.as_str())
        .bind(new.time_zone.as_str())
        .bind(to_i32(new.policy.slot_minutes))
        .bind(to_i32(new.policy.cutoff_hours))
        .bind(to_i32(new.policy.horizon_days))
        .bind(to_i32(new.policy.min_notice_minutes))
        .bind(to_i32(new.policy.max_active_bookings))
        .bind(to_i32(new.policy.max_bookings_per_window))
        .bind(to_i32(new.policy.max_complaints_per_day))
        .fetch_one(&mut *tx)
        .await?;
        for (weekday, hours) in new.hours.iter().enumerate() {
            if let Some((opens, closes)) = hours {
                sqlx::query("INSERT INTO opening_hours (outlet_id, weekday, opens_minute, closes_minute) VALUES ($1, $2, $3, $4)")
                    .bind(id)
                    .bind(weekday as i32)
                    .bind(to_i32(*opens))
                    .bind(to_i32(*closes))
                    .execute(&mut *tx)
                    .await?;
            }
        }
        for bay in &new.bays {
            sqlx::query("INSERT INTO bays (outlet_id, name, active) VALUES ($1, $2, $3)")
                .bind(id)
                .bind(bay.as_str())
                .bind(true)
                .execute(&mut *tx)
                .await?;
        }
        for (name, skills) in &new.technicians {
            sqlx::query(
                "INSERT INTO technicians (outlet_id, name, skills, active) VALUES ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(name.as_str())
            .bind(skills.to_db())
            .bind(true)
            .execute(&mut *tx)
            .await?;
        }
        Self::insert_audit(&mut tx, audit, Some(id.to_string())).await?;
        tx.commit().await?;
        Ok(OutletId(id))
    }

    async fn create_service_type(
        &self,
        new: &NewServiceType,
        audit: &AuditEntry,
    ) -> DbResult<ServiceTypeId> {
        let mut tx = self.pool.begin().await?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO service_types (code, name_zh, name_en, duration_minutes, skill, sort_order, active, \
             labour_hundredths) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(new.code.as_str())
        .bind(new.name.zh.as_str())
        .bind(new.name.en.as_str())
        .bind(to_i32(new.duration_minutes))
        .bind(new.skill.as_str())
        .bind(new.sort_order)
        .bind(true)
        .bind(to_i32(new.labour_hours))
        .fetch_one(&mut *tx)
        .await?;
        for (position, part) in new.parts.iter().enumerate() {
            sqlx::query(
                "INSERT INTO service_parts (service_type_id, position, part_code, name_zh, name_en, origin, \
                 brand, spec, unit, quantity_hundredths, unit_fen) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            )
            .bind(id)
            .bind(position as i32)
            .bind(part.part_code.as_str())
            .bind(part.name.zh.as_str())
            .bind(part.name.en.as_str())
            .bind(part.origin.as_str())
            .bind(part.brand.as_str())
            .bind(part.spec.as_str())
            .bind(part.unit.as_str())
            .bind(to_i32(part.quantity))
            .bind(part.unit_price.0)
            .execute(&mut *tx)
            .await?;
        }
        Self::insert_audit(&mut tx, audit, Some(id.to_string())).await?;
        tx.commit().await?;
        Ok(ServiceTypeId(id))
    }

    async fn link_technician(&self, outlet: OutletId, name: &str, staff: StaffId) -> DbResult<()> {
        sqlx::query("UPDATE technicians SET staff_id = $1 WHERE outlet_id = $2 AND name = $3")
            .bind(staff.0)
            .bind(outlet.0)
            .bind(name)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn outlets(&self) -> DbResult<Vec<Outlet>> {
        let rows: Vec<OutletRow> =
            sqlx::query_as(&format!("SELECT {OUTLET_COLUMNS} FROM outlets ORDER BY id"))
                .fetch_all(&self.pool)
                .await?;
        Ok(rows.into_iter().map(Outlet::from).collect())
    }

    async fn outlet(&self, id: OutletId) -> DbResult<Option<Outlet>> {
        let row: Option<OutletRow> = sqlx::query_as(&format!(
            "SELECT {OUTLET_COLUMNS} FROM outlets WHERE id = $1"
        ))
        .bind(id.0)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(Outlet::from))
    }

    async fn outlet_capacity(&self, id: OutletId) -> DbResult<OutletCapacity> {
        let (slot_minutes,): (i32,) =
            sqlx::query_as("SELECT slot_minutes FROM outlets WHERE id = $1")
                .bind(id.0)
                .fetch_one(&self.pool)
                .await?;
        let hours_rows: Vec<(i32, i32, i32)> = sqlx::query_as(
            "SELECT weekday, opens_minute, closes_minute FROM opening_hours WHERE outlet_id = $1",
        )
        .bind(id.0)
        .fetch_all(&self.pool)
        .await?;
        let (bays,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM bays WHERE outlet_id = $1 AND active = $2")
                .bind(id.0)
                .bind(true)
                .fetch_one(&self.pool)
                .await?;
        let skills: Vec<(String,)> =
            sqlx::query_as("SELECT skills FROM technicians WHERE outlet_id = $1 AND active = $2")
                .bind(id.0)
                .bind(true)
                .fetch_all(&self.pool)
                .await?;
        let mut hours = [None; 7];
        for (weekday, opens, closes) in hours_rows {
            if let Some(day) = hours.get_mut(weekday as usize) {
                *day = Some((opens as u32, closes as u32));
            }
        }
        Ok(OutletCapacity {
            slot_minutes: slot_minutes as u32,
            hours,
            bays: bays as u32,
            technicians: skills
                .iter()
                .map(|(s,)| SkillSet::from_db(s).map_err(corrupt))
                .collect::<DbResult<_>>()?,
        })
    }

    async fn service_types(&self) -> DbResult<Vec<ServiceType>> {
        let rows: Vec<ServiceTypeRow> = sqlx::query_as(
            "SELECT id, code, name_zh, name_en, duration_minutes, skill FROM service_types \
             WHERE active = $1 ORDER BY sort_order, id",
        )
        .bind(true)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(ServiceType::try_from).collect()
    }

    async fn standard_work(&self) -> DbResult<Vec<StandardWork>> {
        type PartRow = (
            i64,
            String,
            String,
            String,
            String,
            String,
            String,
            String,
            i32,
            i64,
        );
        let services: Vec<(i64, String, String, i32)> = sqlx::query_as(
            "SELECT id, name_zh, name_en, labour_hundredths FROM service_types \
             WHERE active = $1 ORDER BY sort_order, id",
        )
        .bind(true)
        .fetch_all(&self.pool)
        .await?;
        let parts: Vec<PartRow> = sqlx::query_as(
            "SELECT service_type_id, part_code, name_zh, name_en, origin, brand, spec, unit, \
             quantity_hundredths, unit_fen FROM service_parts ORDER BY service_type_id, position",
        )
        .fetch_all(&self.pool)
        .await?;
        services
            .into_iter()
            .map(|(id, zh, en, hours)| {
                let parts = parts
                    .iter()
                    .filter(|p| p.0 == id)
                    .map(|p| {
                        Ok(StandardPart {
                            part_code: p.1.clone(),
                            name: Localized {
                                zh: p.2.clone(),
                                en: p.3.clone(),
                            },
                            origin: p.4.parse().map_err(corrupt)?,
                            brand: p.5.clone(),
                            spec: p.6.clone(),
                            unit: p.7.clone(),
                            quantity: p.8 as u32,
                            unit_price: Money(p.9),
                        })
                    })
                    .collect::<DbResult<_>>()?;
                Ok(StandardWork {
                    service: ServiceTypeId(id),
                    name: Localized { zh, en },
                    labour_hours: hours as u32,
                    parts,
                })
            })
            .collect()
    }

    async fn record_audit(&self, audit: &AuditEntry) -> DbResult<()> {
        let mut tx = self.pool.begin().await?;
        Self::insert_audit(&mut tx, audit, None).await?;
        Ok(tx.commit().await?)
    }

    async fn cars_of(&self, customer: CustomerId) -> DbResult<Vec<Car>> {
        let rows: Vec<CarRow> = sqlx::query_as(
            "SELECT id, plate, model, vin, mileage_km FROM cars WHERE customer_id = $1 ORDER BY id",
        )
        .bind(customer.0)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(Car::try_from).collect()
    }

    async fn add_car(
        &self,
        customer: CustomerId,
        car: &NewCar,
        audit: &AuditEntry,
    ) -> DbResult<Option<CarId>> {
        let mut tx = self.pool.begin().await?;
        let id: Option<(i64,)> = sqlx::query_as(
            "INSERT INTO cars (customer_id, plate, model, vin, mileage_km, created_at) VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (customer_id, plate) DO NOTHING RETURNING id",
        )
        .bind(customer.0)
        .bind(car.plate.as_str())
        .bind(car.model.as_str())
        .bind(car.vin.as_ref().map(|v| v.as_str()))
        .bind(to_i32(car.mileage.km()))
        .bind(audit.at)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((id,)) = id else {
            return Ok(None);
        };
        Self::insert_audit(&mut tx, audit, Some(id.to_string())).await?;
        tx.commit().await?;
        Ok(Some(CarId(id)))
    }

    async fn occupancy(
        &self,
        outlet: OutletId,
        from: NaiveDate,
        to: NaiveDate,
        except: Option<BookingId>,
    ) -> DbResult<Vec<Occupancy>> {
        let mut conn = self.pool.acquire().await?;
        Self::occupancy_in(&mut conn, outlet, from, to, except).await
    }

    async fn book(
        &self,
        new: &NewBooking,
        capacity: &OutletCapacity,
        audit: &AuditEntry,
    ) -> DbResult<SlotOutcome<BookingId>> {
        let mut tx = DB::begin_booking(&self.pool, new.outlet_id, new.car_id).await?;
        if let Some(refused) = Self::check_slot(
            &mut tx,
            new.outlet_id,
            new.car_id,
            &new.slot,
            new.skills,
            None,
            capacity,
        )
        .await?
        {
            return Ok(refused.outcome());
        }
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO bookings (number, outlet_id, customer_id, car_id, local_date, start_minute, end_minute, \
             starts_at, skills, urgent, symptoms, description, status, channel, created_by_staff_id, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16) RETURNING id",
        )
        .bind(new.number.as_str())
        .bind(new.outlet_id.0)
        .bind(new.customer_id.0)
        .bind(new.car_id.0)
        .bind(new.slot.date)
        .bind(to_i32(new.slot.start))
        .bind(to_i32(new.slot.end))
        .bind(new.slot.starts_at)
        .bind(new.skills.to_db())
        .bind(new.urgent)
        .bind(SafetySymptom::list_to_db(&new.symptoms))
        .bind(new.description.as_str())
        .bind(BookingStatus::Booked.as_str())
        .bind(new.channel.as_str())
        .bind(new.created_by.map(|s| s.0))
        .bind(new.at)
        .fetch_one(&mut *tx)
        .await?;
        for service in &new.service_ids {
            sqlx::query(
                "INSERT INTO booking_services (booking_id, service_type_id) VALUES ($1, $2)",
            )
            .bind(id)
            .bind(service.0)
            .execute(&mut *tx)
            .await?;
        }
        Self::insert_audit(&mut tx, audit, None).await?;
        tx.commit().await?;
        Ok(SlotOutcome::Done(BookingId(id)))
    }

    async fn reschedule(
        &self,
        id: BookingId,
        slot: &Slot,
        capacity: &OutletCapacity,
        audit: &AuditEntry,
    ) -> DbResult<SlotOutcome<()>> {
        let place = self.place_of(id).await?;
        let mut tx = DB::begin_booking(&self.pool, place.outlet, place.car).await?;
        if let Some(refused) = Self::check_slot(
            &mut tx,
            place.outlet,
            place.car,
            slot,
            place.skills,
            Some(id),
            capacity,
        )
        .await?
        {
            return Ok(refused.outcome());
        }
        let updated: Option<(i64,)> = sqlx::query_as(
            "UPDATE bookings SET local_date = $1, start_minute = $2, end_minute = $3, starts_at = $4, updated_at = $5 \
             WHERE id = $6 AND status = $7 RETURNING id",
        )
        .bind(slot.date)
        .bind(to_i32(slot.start))
        .bind(to_i32(slot.end))
        .bind(slot.starts_at)
        .bind(audit.at)
        .bind(id.0)
        .bind(BookingStatus::Booked.as_str())
        .fetch_optional(&mut *tx)
        .await?;
        if updated.is_none() {
            return Ok(SlotOutcome::StatusChanged);
        }
        Self::insert_audit(&mut tx, audit, None).await?;
        tx.commit().await?;
        Ok(SlotOutcome::Done(()))
    }

    async fn reclaim_capacity(
        &self,
        id: BookingId,
        from: BookingStatus,
        to: BookingStatus,
        capacity: &OutletCapacity,
        audit: &AuditEntry,
    ) -> DbResult<SlotOutcome<()>> {
        let place = self.place_of(id).await?;
        let mut tx = DB::begin_booking(&self.pool, place.outlet, place.car).await?;
        if let Some(refused) = Self::check_slot(
            &mut tx,
            place.outlet,
            place.car,
            &place.slot,
            place.skills,
            Some(id),
            capacity,
        )
        .await?
        {
            return Ok(refused.outcome());
        }
        let updated: Option<(i64,)> =
            sqlx::query_as("UPDATE bookings SET status = $1, updated_at = $2 WHERE id = $3 AND status = $4 RETURNING id")
                .bind(to.as_str())
                .bind(audit.at)
                .bind(id.0)
                .bind(from.as_str())
                .fetch_optional(&mut *tx)
                .await?;
        if updated.is_none() {
            return Ok(SlotOutcome::StatusChanged);
        }
        Self::insert_audit(&mut tx, audit, None).await?;
        tx.commit().await?;
        Ok(SlotOutcome::Done(()))
    }

    async fn set_booking_status(
        &self,
        id: BookingId,
        from: BookingStatus,
        to: BookingStatus,
        at: DateTime<Utc>,
        audit: &AuditEntry,
    ) -> DbResult<bool> {
        let mut tx = self.pool.begin().await?;
        let updated: Option<(i64,)> =
            sqlx::query_as("UPDATE bookings SET status = $1, updated_at = $2 WHERE id = $3 AND status = $4 RETURNING id")
                .bind(to.as_str())
                .bind(at)
                .bind(id.0)
                .bind(from.as_str())
                .fetch_optional(&mut *tx)
                .await?;
        if updated.is_none() {
            return Ok(false);
        }
        Self::insert_audit(&mut tx, audit, None).await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn booking_by_number(&self, number: &BookingNumber) -> DbResult<Option<BookingRecord>> {
        Ok(self
            .bookings(BookingFilter::Number(number.as_str()))
            .await?
            .pop())
    }

    async fn bookings_of_customer(&self, customer: CustomerId) -> DbResult<Vec<BookingRecord>> {
        self.bookings(BookingFilter::Customer(customer)).await
    }

    async fn bookings_on_day(
        &self,
        outlet: OutletId,
        day: NaiveDate,
    ) -> DbResult<Vec<BookingRecord>> {
        self.bookings(BookingFilter::Day(outlet, day)).await
    }
}

impl<DB> Store<DB>
where
    DB: Backend,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'r> &'r str: ColumnIndex<DB::Row>,
    usize: ColumnIndex<DB::Row>,
    for<'q> i64: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> i32: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> bool: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> String: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> DateTime<Utc>: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> NaiveDate: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> Option<i64>: Encode<'q, DB>,
    for<'q> Option<&'q str>: Encode<'q, DB>,
    for<'q> Option<i32>: Encode<'q, DB>,
    for<'q> Option<NaiveDate>: Encode<'q, DB>,
    for<'q> Option<DateTime<Utc>>: Encode<'q, DB>,
{
    pub(super) async fn insert_audit(
        conn: &mut DB::Connection,
        audit: &AuditEntry,
        created_key: Option<String>,
    ) -> DbResult<()> {
        sqlx::query(
            "INSERT INTO audit_log (at, actor_kind, actor_id, action, entity, entity_key, detail) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(audit.at)
        .bind(audit.actor.kind())
        .bind(audit.actor.id())
        .bind(audit.action)
        .bind(audit.entity)
        .bind(created_key.unwrap_or_else(|| audit.entity_key.clone()))
        .bind(audit.detail.to_string())
        .execute(conn)
        .await?;
        Ok(())
    }

    async fn occupancy_in(
        conn: &mut DB::Connection,
        outlet: OutletId,
        from: NaiveDate,
        to: NaiveDate,
        except: Option<BookingId>,
    ) -> DbResult<Vec<Occupancy>> {
        let rows: Vec<OccupancyRow> = sqlx::query_as(&format!(
            "SELECT local_date, start_minute, end_minute, skills FROM bookings \
             WHERE outlet_id = $1 AND local_date >= $2 AND local_date <= $3 AND id <> $4 AND status IN ({})",
            holding_statuses()
        ))
        .bind(outlet.0)
        .bind(from)
        .bind(to)
        .bind(except.map_or(-1, |b| b.0))
        .fetch_all(conn)
        .await?;
        rows.into_iter().map(Occupancy::try_from).collect()
    }

    /// Where a booking is and what it needs: what a change to it must lock and check.
    async fn place_of(&self, id: BookingId) -> DbResult<Place> {
        let (outlet, car, skills, date, start, end, starts_at): (i64, i64, String, NaiveDate, i32, i32, DateTime<Utc>) =
            sqlx::query_as(
                "SELECT outlet_id, car_id, skills, local_date, start_minute, end_minute, starts_at FROM bookings WHERE id = $1",
            )
            .bind(id.0)
            .fetch_one(&self.pool)
            .await?;
        Ok(Place {
            outlet: OutletId(outlet),
            car: CarId(car),
            skills: SkillSet::from_db(&skills).map_err(corrupt)?,
            slot: Slot {
                date,
                start: start as u32,
                end: end as u32,
                starts_at,
            },
        })
    }

    /// Inside a booking transaction: refuses the slot if the car is busy or the window is full.
    async fn check_slot(
        conn: &mut DB::Connection,
        outlet: OutletId,
        car: CarId,
        slot: &Slot,
        skills: SkillSet,
        except: Option<BookingId>,
        capacity: &OutletCapacity,
    ) -> DbResult<Option<Refusal>> {
        let (overlapping,): (i64,) = sqlx::query_as(&format!(
            "SELECT COUNT(*) FROM bookings WHERE car_id = $1 AND local_date = $2 AND start_minute < $3 \
             AND end_minute > $4 AND id <> $5 AND status IN ({})",
            holding_statuses()
        ))
        .bind(car.0)
        .bind(slot.date)
        .bind(to_i32(slot.end))
        .bind(to_i32(slot.start))
        .bind(except.map_or(-1, |b| b.0))
        .fetch_one(&mut *conn)
        .await?;
        if overlapping > 0 {
            return Ok(Some(Refusal::CarBusy));
        }
        let day = Self::occupancy_in(conn, outlet, slot.date, slot.date, except).await?;
        let need = Need {
            duration_minutes: slot.end - slot.start,
            skills,
        };
        if capacity.remaining(slot.start, slot.end, need, &day) == 0 {
            return Ok(Some(Refusal::WindowFull));
        }
        Ok(None)
    }

    /// A listing of bookings with their customer, car and services, in time order.
    async fn bookings(&self, filter: BookingFilter<'_>) -> DbResult<Vec<BookingRecord>> {
        let condition = filter.condition();
        let rows: Vec<BookingRow> = bind_filter(
            sqlx::query_as(&format!(
                "SELECT b.id, b.number, b.outlet_id, b.customer_id, b.car_id, b.local_date, b.start_minute, \
                 b.end_minute, b.starts_at, b.skills, b.urgent, b.symptoms, b.description, b.status, b.channel, \
                 c.name AS customer_name, c.phone AS customer_phone, car.plate, car.model AS car_model, \
                 wo.number AS order_number, wo.status AS order_status \
                 FROM bookings b JOIN customers c ON c.id = b.customer_id JOIN cars car ON car.id = b.car_id \
                 LEFT JOIN work_orders wo ON wo.booking_id = b.id \
                 WHERE {condition} ORDER BY b.starts_at, b.id"
            )),
            &filter,
        )
        .fetch_all(&self.pool)
        .await?;
        let services: Vec<(i64, i64)> = bind_filter(
            sqlx::query_as(&format!(
                "SELECT bs.booking_id, bs.service_type_id FROM booking_services bs \
                 JOIN bookings b ON b.id = bs.booking_id WHERE {condition} ORDER BY bs.service_type_id"
            )),
            &filter,
        )
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|row| {
                let ids = services
                    .iter()
                    .filter(|(booking, _)| *booking == row.id)
                    .map(|(_, service)| ServiceTypeId(*service))
                    .collect();
                row.into_record(ids)
            })
            .collect()
    }
}

/// A stored booking's outlet, car, needs and current slot.
struct Place {
    outlet: OutletId,
    car: CarId,
    skills: SkillSet,
    slot: Slot,
}

/// Why a slot was refused inside the booking transaction.
enum Refusal {
    WindowFull,
    CarBusy,
}

impl Refusal {
    fn outcome<T>(self) -> SlotOutcome<T> {
        match self {
            Self::WindowFull => SlotOutcome::WindowFull,
            Self::CarBusy => SlotOutcome::CarBusy,
        }
    }
}
