//! The API tests: stories told through the server functions over HTTP, against the real
//! server on a fresh database, each on SQLite and on PostgreSQL (`TEST_POSTGRES_URL`).
//!
//! Run: `cargo test --test api` (PostgreSQL too:
//! `TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test cargo test --test api`).

#[macro_use]
mod helpers;

mod access_table;
mod arrival;
mod booking;
mod car_file;
mod catalogue;
mod changing_a_booking;
mod complaints;
mod desk_board;
mod desk_decision;
mod fair_use;
mod http;
mod initial_estimate;
mod kpi_days;
mod kpi_targets;
mod kpis;
mod live_updates;
mod migrations;
mod no_overbooking;
mod organisation;
mod outbox;
mod outlet_settings;
mod personal_data;
mod phone_booking;
mod phone_proof;
mod photos;
mod privacy;
mod records_to_trust;
mod repair_kit;
mod rework;
mod scorecards;
mod server_functions;
mod settlement;
mod sign_in;
mod static_apps;
mod surveys;
mod tracking_link;
mod validation;
mod work_orders;
