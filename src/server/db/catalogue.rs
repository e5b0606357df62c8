//! The catalogue and the set-up half of the repository: dealer groups, outlets (with their
//! opening hours, bays and technicians), service types with their standard work. Written once over both databases like `store.rs`.

use super::store::{corrupt, to_i32, Backend, Store};
use super::*;
use crate::domain::catalog::{BookingPolicy, Localized, Skill, SkillSet};
use crate::domain::estimate::Money;
use crate::domain::outlet_settings::Closure;
use crate::domain::standard_work::StandardPart;
use crate::server::db::work_orders::{insert_notification, About};
use sqlx::{ColumnIndex, Decode, Encode, Executor, FromRow, IntoArguments, Row, Type};

#[derive(FromRow)]
struct OutletRow {
    id: i64,
    group_id: i64,
    region_id: Option<i64>,
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
            region: r.region_id.map(RegionId),
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
    "id, group_id, region_id, code, name_zh, name_en, address_zh, address_en, phone, time_zone, \
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
    labour_hundredths: i32,
    parts_fen: i64,
    active: bool,
}

/// A service's columns, `s` being `service_types`; `parts_fen` sums its standard parts the way
/// an estimate line is priced (each line rounded to the fen).
const SERVICE_COLUMNS: &str =
    "s.id, s.code, s.name_zh, s.name_en, s.duration_minutes, s.skill, s.labour_hundredths, \
     s.active, CAST(COALESCE((SELECT SUM((p.quantity_hundredths * p.unit_fen + 50) / 100) \
     FROM service_parts p WHERE p.service_type_id = s.id), 0) AS BIGINT) AS parts_fen";

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

/// The standard parts of the services (ids from our own records, written into the statement
/// as a list), by service and position.
fn part_query(services: impl Iterator<Item = ServiceTypeId>) -> String {
    let ids: Vec<String> = services.map(|id| id.0.to_string()).collect();
    let list = match ids.is_empty() {
        true => "NULL".to_string(),
        false => ids.join(", "),
    };
    format!(
        "SELECT service_type_id, part_code, name_zh, name_en, origin, brand, spec, unit, \
         quantity_hundredths, unit_fen FROM service_parts WHERE service_type_id IN ({list}) \
         ORDER BY service_type_id, position"
    )
}

fn parts_of(parts: &[PartRow], service: i64) -> DbResult<Vec<StandardPart>> {
    parts
        .iter()
        .filter(|p| p.0 == service)
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
        .collect()
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
            labour_hours: r.labour_hundredths.max(0) as u32,
            parts_price: Money(r.parts_fen),
        })
    }
}

#[async_trait::async_trait]
impl<DB> Catalogue for Store<DB>
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
             max_bookings_per_window, max_complaints_per_day, region_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id",
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
        .bind(new.region.map(|r| r.0))
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
        // A new outlet offers the group's catalogue; its manager withdraws what it does not do.
        sqlx::query(
            "INSERT INTO outlet_services (outlet_id, service_type_id) \
             SELECT $1, id FROM service_types WHERE group_id = $2 AND active = $3",
        )
        .bind(id)
        .bind(new.group_id.0)
        .bind(true)
        .execute(&mut *tx)
        .await?;
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
            "INSERT INTO service_types (group_id, code, name_zh, name_en, duration_minutes, skill, \
             sort_order, active, labour_hundredths) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
             RETURNING id",
        )
        .bind(new.group_id.0)
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
            insert_part::<DB>(&mut tx, id, position as i32, part).await?;
        }
        offer_everywhere::<DB>(&mut tx, id, new.group_id).await?;
        Self::insert_audit(&mut tx, audit, Some(id.to_string())).await?;
        tx.commit().await?;
        Ok(ServiceTypeId(id))
    }

    async fn outlet_settings(&self, outlet: OutletId, from: NaiveDate) -> DbResult<OutletSettings> {
        let columns = PolicyNumber::ALL.map(|n| n.column()).join(", ");
        let row = sqlx::query(&format!("SELECT {columns} FROM outlets WHERE id = $1"))
            .bind(outlet.0)
            .fetch_one(&self.pool)
            .await?;
        let numbers = PolicyNumber::ALL
            .iter()
            .map(|n| {
                let stored: i32 = row.try_get(n.column())?;
                Ok((*n, stored.max(0) as u32 / n.column_scale()))
            })
            .collect::<DbResult<Vec<_>>>()?;
        let capacity = self.outlet_capacity(outlet).await?;
        let closures: Vec<(i64, NaiveDate, NaiveDate, String)> = sqlx::query_as(
            "SELECT id, first_day, last_day, reason FROM outlet_closures \
             WHERE outlet_id = $1 AND last_day >= $2 ORDER BY first_day, id",
        )
        .bind(outlet.0)
        .bind(from)
        .fetch_all(&self.pool)
        .await?;
        Ok(OutletSettings {
            numbers,
            hours: capacity.hours,
            bays: capacity.bays,
            closures: closures
                .into_iter()
                .map(|(id, first_day, last_day, reason)| Closure {
                    id,
                    first_day,
                    last_day,
                    reason,
                })
                .collect(),
        })
    }

    async fn save_policy_numbers(
        &self,
        outlet: OutletId,
        values: &[(PolicyNumber, u32)],
        audit: &AuditEntry,
    ) -> DbResult<()> {
        let mut tx = DB::begin_write(&self.pool).await?;
        for (number, value) in values {
            // The column comes from the enum, never from the request.
            sqlx::query(&format!(
                "UPDATE outlets SET {} = $1 WHERE id = $2",
                number.column()
            ))
            .bind(to_i32(value.saturating_mul(number.column_scale())))
            .bind(outlet.0)
            .execute(&mut *tx)
            .await?;
        }
        Self::insert_audit(&mut tx, audit, None).await?;
        Ok(tx.commit().await?)
    }

    async fn save_opening_hours(
        &self,
        outlet: OutletId,
        hours: &[Option<(Minute, Minute)>; 7],
        audit: &AuditEntry,
    ) -> DbResult<()> {
        let mut tx = DB::begin_write(&self.pool).await?;
        // Two saves at once take turns (each replaces the whole week).
        lock_row::<DB>(&mut tx, "outlets", outlet.0).await?;
        sqlx::query("DELETE FROM opening_hours WHERE outlet_id = $1")
            .bind(outlet.0)
            .execute(&mut *tx)
            .await?;
        for (weekday, day) in hours.iter().enumerate() {
            if let Some((opens, closes)) = day {
                sqlx::query("INSERT INTO opening_hours (outlet_id, weekday, opens_minute, closes_minute) VALUES ($1, $2, $3, $4)")
                    .bind(outlet.0)
                    .bind(weekday as i32)
                    .bind(to_i32(*opens))
                    .bind(to_i32(*closes))
                    .execute(&mut *tx)
                    .await?;
            }
        }
        Self::insert_audit(&mut tx, audit, None).await?;
        Ok(tx.commit().await?)
    }

    async fn save_bay_count(
        &self,
        outlet: OutletId,
        count: u32,
        name_of: &(dyn Fn(u32) -> String + Send + Sync),
        audit: &AuditEntry,
    ) -> DbResult<()> {
        let mut tx = DB::begin_write(&self.pool).await?;
        lock_row::<DB>(&mut tx, "outlets", outlet.0).await?;
        let bays: Vec<(i64, bool)> =
            sqlx::query_as("SELECT id, active FROM bays WHERE outlet_id = $1 ORDER BY id")
                .bind(outlet.0)
                .fetch_all(&mut *tx)
                .await?;
        for (index, (id, active)) in bays.iter().enumerate() {
            let keep = (index as u32) < count;
            if keep != *active {
                sqlx::query("UPDATE bays SET active = $1 WHERE id = $2")
                    .bind(keep)
                    .bind(*id)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        let mut n = bays.len() as u32;
        while n < count {
            n += 1;
            sqlx::query("INSERT INTO bays (outlet_id, name, active) VALUES ($1, $2, $3)")
                .bind(outlet.0)
                .bind(name_of(n))
                .bind(true)
                .execute(&mut *tx)
                .await?;
        }
        Self::insert_audit(&mut tx, audit, None).await?;
        Ok(tx.commit().await?)
    }

    async fn add_closure(
        &self,
        new: &NewClosure,
        notice: &(dyn for<'b> Fn(&'b BookedAt) -> CustomerMessage + Send + Sync),
        audit: &AuditEntry,
    ) -> DbResult<Vec<BookedAt>> {
        let mut tx = DB::begin_write(&self.pool).await?;
        // Booking changes at the outlet take its lock (`Backend::begin_booking`) and look for
        // closures inside it (`check_slot`): a booking either lands before this closure, and
        // is told below, or sees it and is refused.
        lock_row::<DB>(&mut tx, "outlets", new.outlet.0).await?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO outlet_closures (outlet_id, first_day, last_day, reason, created_by_staff_id, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(new.outlet.0)
        .bind(new.first_day)
        .bind(new.last_day)
        .bind(new.reason.as_str())
        .bind(new.by.0)
        .bind(new.at)
        .fetch_one(&mut *tx)
        .await?;
        let affected =
            booked_between::<DB>(&mut tx, new.outlet, new.first_day, new.last_day).await?;
        let messages: Vec<(i64, CustomerMessage)> =
            affected.iter().map(|b| (b.id.0, notice(b))).collect();
        for (booking, message) in &messages {
            insert_notification::<DB>(&mut tx, About::Booking(*booking), message, new.at).await?;
        }
        Self::insert_audit(&mut tx, audit, Some(id.to_string())).await?;
        tx.commit().await?;
        Ok(affected)
    }

    async fn remove_closure(
        &self,
        outlet: OutletId,
        id: i64,
        audit: &AuditEntry,
    ) -> DbResult<bool> {
        let mut tx = DB::begin_write(&self.pool).await?;
        let removed: Option<(i64,)> = sqlx::query_as(
            "DELETE FROM outlet_closures WHERE id = $1 AND outlet_id = $2 RETURNING id",
        )
        .bind(id)
        .bind(outlet.0)
        .fetch_optional(&mut *tx)
        .await?;
        if removed.is_none() {
            return Ok(false);
        }
        Self::insert_audit(&mut tx, audit, None).await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn booked_between(
        &self,
        outlet: OutletId,
        from: NaiveDate,
        to: NaiveDate,
    ) -> DbResult<Vec<BookedAt>> {
        let mut conn = self.pool.acquire().await?;
        booked_between::<DB>(&mut conn, outlet, from, to).await
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
        let closures: Vec<(NaiveDate, NaiveDate)> =
            sqlx::query_as("SELECT first_day, last_day FROM outlet_closures WHERE outlet_id = $1")
                .bind(id.0)
                .fetch_all(&self.pool)
                .await?;
        Ok(OutletCapacity {
            closures,
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
        let rows: Vec<ServiceTypeRow> = sqlx::query_as(&format!(
            "SELECT {SERVICE_COLUMNS} FROM service_types s ORDER BY s.sort_order, s.id"
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(ServiceType::try_from).collect()
    }

    async fn offered_services(&self, outlet: OutletId) -> DbResult<Vec<ServiceType>> {
        let rows: Vec<ServiceTypeRow> = sqlx::query_as(&format!(
            "SELECT {SERVICE_COLUMNS} FROM service_types s \
             JOIN outlet_services o ON o.service_type_id = s.id AND o.outlet_id = $1 \
             WHERE s.active = $2 ORDER BY s.sort_order, s.id"
        ))
        .bind(outlet.0)
        .bind(true)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(ServiceType::try_from).collect()
    }

    async fn standard_work(&self, services: &[ServiceType]) -> DbResult<Vec<StandardWork>> {
        let parts: Vec<PartRow> = sqlx::query_as(&part_query(services.iter().map(|s| s.id)))
            .fetch_all(&self.pool)
            .await?;
        services
            .iter()
            .map(|s| {
                Ok(StandardWork {
                    parts: parts_of(&parts, s.id.0)?,
                    service: s.id,
                    name: s.name.clone(),
                    labour_hours: s.labour_hours,
                })
            })
            .collect()
    }

    async fn catalogue(&self, group: GroupId) -> DbResult<Vec<CatalogueEntry>> {
        let rows: Vec<ServiceTypeRow> = sqlx::query_as(&format!(
            "SELECT {SERVICE_COLUMNS} FROM service_types s WHERE s.group_id = $1 \
             ORDER BY s.sort_order, s.id"
        ))
        .bind(group.0)
        .fetch_all(&self.pool)
        .await?;
        let parts: Vec<PartRow> =
            sqlx::query_as(&part_query(rows.iter().map(|r| ServiceTypeId(r.id))))
                .fetch_all(&self.pool)
                .await?;
        let offers: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT o.service_type_id, o.outlet_id FROM outlet_services o \
             JOIN service_types s ON s.id = o.service_type_id WHERE s.group_id = $1 \
             ORDER BY o.outlet_id",
        )
        .bind(group.0)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|row| {
                let active = row.active;
                let service = ServiceType::try_from(row)?;
                Ok(CatalogueEntry {
                    active,
                    parts: parts_of(&parts, service.id.0)?,
                    offered_at: offers
                        .iter()
                        .filter(|(s, _)| *s == service.id.0)
                        .map(|(_, o)| OutletId(*o))
                        .collect(),
                    service,
                })
            })
            .collect()
    }

    async fn save_service(
        &self,
        group: GroupId,
        id: Option<ServiceTypeId>,
        service: &CheckedService,
        audit: &AuditEntry,
    ) -> DbResult<Created<ServiceTypeId>> {
        let is_new = id.is_none();
        let mut tx = DB::begin_write(&self.pool).await?;
        let saved: Result<Option<(i64,)>, DbError> = match id {
            None => sqlx::query_as(
                "INSERT INTO service_types (group_id, code, name_zh, name_en, duration_minutes, \
                 skill, labour_hundredths, sort_order, active) VALUES ($1, $2, $3, $4, $5, $6, $7, \
                 (SELECT COALESCE(MAX(sort_order), 0) + 1 FROM service_types WHERE group_id = $1), $8) \
                 ON CONFLICT (group_id, code) DO NOTHING RETURNING id",
            )
            .bind(group.0)
            .bind(service.code.as_str())
            .bind(service.name.zh.as_str())
            .bind(service.name.en.as_str())
            .bind(to_i32(service.duration_minutes))
            .bind(service.skill.as_str())
            .bind(to_i32(service.labour_hours))
            .bind(true)
            .fetch_optional(&mut *tx)
            .await
            .map_err(DbError::from),
            Some(id) => sqlx::query_as(
                "UPDATE service_types SET code = $1, name_zh = $2, name_en = $3, \
                 duration_minutes = $4, skill = $5, labour_hundredths = $6 \
                 WHERE id = $7 AND group_id = $8 RETURNING id",
            )
            .bind(service.code.as_str())
            .bind(service.name.zh.as_str())
            .bind(service.name.en.as_str())
            .bind(to_i32(service.duration_minutes))
            .bind(service.skill.as_str())
            .bind(to_i32(service.labour_hours))
            .bind(id.0)
            .bind(group.0)
            .fetch_optional(&mut *tx)
            .await
            .map_err(DbError::from),
        };
        let id = match saved {
            Ok(Some((id,))) => id,
            Ok(None) if id.is_some() => return Err(DbError::NotFound),
            Ok(None) => return Ok(Created::AlreadyExists),
            Err(DbError::Conflict { .. }) => return Ok(Created::AlreadyExists),
            Err(e) => return Err(e),
        };
        if is_new {
            offer_everywhere::<DB>(&mut tx, id, group).await?;
        }
        Self::insert_audit(&mut tx, audit, Some(id.to_string())).await?;
        tx.commit().await?;
        Ok(Created::Created(ServiceTypeId(id)))
    }

    async fn set_service_active(
        &self,
        group: GroupId,
        id: ServiceTypeId,
        active: bool,
        audit: &AuditEntry,
    ) -> DbResult<bool> {
        let mut tx = DB::begin_write(&self.pool).await?;
        let done: Option<(i64,)> = sqlx::query_as(
            "UPDATE service_types SET active = $1 WHERE id = $2 AND group_id = $3 RETURNING id",
        )
        .bind(active)
        .bind(id.0)
        .bind(group.0)
        .fetch_optional(&mut *tx)
        .await?;
        Self::commit_if(tx, done.is_some(), audit).await
    }

    async fn add_service_part(
        &self,
        id: ServiceTypeId,
        part: &StandardPart,
        audit: &AuditEntry,
    ) -> DbResult<()> {
        let mut tx = DB::begin_write(&self.pool).await?;
        lock_row::<DB>(&mut tx, "service_types", id.0).await?;
        let (position,): (i32,) = sqlx::query_as(
            "SELECT CAST(COALESCE(MAX(position), -1) + 1 AS INTEGER) FROM service_parts \
             WHERE service_type_id = $1",
        )
        .bind(id.0)
        .fetch_one(&mut *tx)
        .await?;
        insert_part::<DB>(&mut tx, id.0, position, part).await?;
        Self::insert_audit(&mut tx, audit, None).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn remove_service_part(
        &self,
        id: ServiceTypeId,
        index: u32,
        expected: &StandardPart,
        audit: &AuditEntry,
    ) -> DbResult<bool> {
        let mut tx = DB::begin_write(&self.pool).await?;
        lock_row::<DB>(&mut tx, "service_types", id.0).await?;
        // Positions keep their gaps once parts are removed: the n-th in listing order, if it is
        // still the part the page showed.
        let done: Option<(i64,)> = sqlx::query_as(
            "DELETE FROM service_parts WHERE service_type_id = $1 AND part_code = $3 \
             AND name_zh = $4 AND position = (SELECT position FROM service_parts \
             WHERE service_type_id = $1 ORDER BY position LIMIT 1 OFFSET $2) RETURNING id",
        )
        .bind(id.0)
        .bind(to_i32(index))
        .bind(expected.part_code.as_str())
        .bind(expected.name.zh.as_str())
        .fetch_optional(&mut *tx)
        .await?;
        Self::commit_if(tx, done.is_some(), audit).await
    }

    async fn set_offered(
        &self,
        outlet: OutletId,
        id: ServiceTypeId,
        offered: bool,
        audit: &AuditEntry,
    ) -> DbResult<bool> {
        let mut tx = DB::begin_write(&self.pool).await?;
        let changed: Option<(i64,)> = sqlx::query_as(if offered {
            "INSERT INTO outlet_services (outlet_id, service_type_id) VALUES ($1, $2) \
             ON CONFLICT DO NOTHING RETURNING outlet_id"
        } else {
            "DELETE FROM outlet_services WHERE outlet_id = $1 AND service_type_id = $2 \
             RETURNING outlet_id"
        })
        .bind(outlet.0)
        .bind(id.0)
        .fetch_optional(&mut *tx)
        .await?;
        Self::commit_if(tx, changed.is_some(), audit).await
    }
}

/// Offers a new service at every outlet of its group; each outlet's manager may withdraw it.
async fn offer_everywhere<DB>(
    conn: &mut DB::Connection,
    service: i64,
    group: GroupId,
) -> DbResult<()>
where
    DB: sqlx::Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
{
    sqlx::query(
        "INSERT INTO outlet_services (outlet_id, service_type_id) \
         SELECT id, $1 FROM outlets WHERE group_id = $2",
    )
    .bind(service)
    .bind(group.0)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

async fn insert_part<DB>(
    conn: &mut DB::Connection,
    service: i64,
    position: i32,
    part: &StandardPart,
) -> DbResult<()>
where
    DB: sqlx::Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'q> i32: Encode<'q, DB> + Type<DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
{
    sqlx::query(
        "INSERT INTO service_parts (service_type_id, position, part_code, name_zh, name_en, origin, \
         brand, spec, unit, quantity_hundredths, unit_fen) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(service)
    .bind(position)
    .bind(part.part_code.as_str())
    .bind(part.name.zh.as_str())
    .bind(part.name.en.as_str())
    .bind(part.origin.as_str())
    .bind(part.brand.as_str())
    .bind(part.spec.as_str())
    .bind(part.unit.as_str())
    .bind(to_i32(part.quantity))
    .bind(part.unit_price.0)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Takes a row's lock for the transaction (an update: portable to both databases): the
/// outlet's, so that booking changes take turns; a service's, so that edits of its parts do.
async fn lock_row<DB>(conn: &mut DB::Connection, table: &'static str, id: i64) -> DbResult<()>
where
    DB: sqlx::Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
{
    sqlx::query(&format!("UPDATE {table} SET id = id WHERE id = $1"))
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

#[derive(FromRow)]
struct BookedAtRow {
    id: i64,
    number: String,
    customer_id: i64,
    name: String,
    phone: String,
    plate: String,
    local_date: NaiveDate,
    start_minute: i32,
    end_minute: i32,
    skills: String,
}

async fn booked_between<DB>(
    conn: &mut DB::Connection,
    outlet: OutletId,
    from: NaiveDate,
    to: NaiveDate,
) -> DbResult<Vec<BookedAt>>
where
    DB: sqlx::Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'r> &'r str: ColumnIndex<DB::Row>,
    for<'q> i64: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> i32: Decode<'q, DB> + Type<DB>,
    for<'q> String: Decode<'q, DB> + Type<DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> NaiveDate: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
{
    let rows: Vec<BookedAtRow> = sqlx::query_as(
        "SELECT b.id, b.number, b.customer_id, c.name, c.phone, car.plate, b.local_date, \
         b.start_minute, b.end_minute, b.skills FROM bookings b \
         JOIN customers c ON c.id = b.customer_id JOIN cars car ON car.id = b.car_id \
         WHERE b.outlet_id = $1 AND b.status = $2 AND b.local_date BETWEEN $3 AND $4 \
         ORDER BY b.local_date, b.start_minute, b.id",
    )
    .bind(outlet.0)
    .bind(BookingStatus::Booked.as_str())
    .bind(from)
    .bind(to)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(BookedAt {
                id: BookingId(r.id),
                number: BookingNumber::parse(&r.number)
                    .map_err(|_| corrupt("stored booking number"))?,
                customer: CustomerId(r.customer_id),
                customer_name: r.name,
                phone: Phone::stored(&r.phone).map_err(|_| corrupt("stored phone"))?,
                plate: crate::domain::vehicle::Plate::parse(&r.plate)
                    .map_err(|_| corrupt("stored plate"))?,
                date: r.local_date,
                start: r.start_minute.max(0) as Minute,
                end: r.end_minute.max(0) as Minute,
                skills: SkillSet::from_db(&r.skills).map_err(corrupt)?,
            })
        })
        .collect()
}
