//! Customers' cars: listing a customer's cars and adding one (once per plate). Written once
//! over both databases like `store.rs`.

use super::store::{corrupt, to_i32, Backend, Store};
use super::*;
use crate::domain::vehicle::{Plate, Vin};
use sqlx::{ColumnIndex, Decode, Encode, Executor, FromRow, IntoArguments, Type};

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

#[async_trait::async_trait]
impl<DB> Cars for Store<DB>
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
    ) -> DbResult<Created<CarId>> {
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
            return Ok(Created::AlreadyExists);
        };
        Self::insert_audit(&mut tx, audit, Some(id.to_string())).await?;
        tx.commit().await?;
        Ok(Created::Created(CarId(id)))
    }
}
