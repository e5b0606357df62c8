//! Pieces the screens share (a page never imports another page: what two pages show alike
//! lives here).

mod availability;
mod booking_steps;
mod call_fields;
mod car_picker;
mod choices;
mod complaint;
mod connection;
mod fields;
mod header;
mod live;
mod messages;
mod phone_code;
mod photos;
mod print;
mod sign_in_form;
mod sign_off;
mod signature_pad;
mod work_order;

pub use availability::AvailabilityPicker;
pub use booking_steps::{BookingSteps, Draft};
pub use call_fields::CallFields;
pub use car_picker::CarPicker;
pub use choices::{OutletPicker, ServicePicker, SymptomPicker};
pub use complaint::{ComplaintHeader, ComplaintOutcome, ComplaintStageLine, ComplaintTimeline};
pub use connection::ConnectionBanner;
pub use fields::{FieldError, FormAlert, Loading, Notice, Said, SubmitButton, TextField};
pub use header::{LanguageSwitch, TopBar};
pub use live::{use_live, Live, LiveBadge};
pub use messages::MessageRow;
pub use phone_code::{check_proven_phone, CodeField, ProvenPhoneFields};
pub use photos::{
    upload_all, upload_each, upload_failure, PhotoGallery, PhotoPicker, ReadyPhoto, UploadProgress,
};
pub use print::{PrintBar, SettlementList};
pub use sign_in_form::{AccountField, SignInForm};
pub use sign_off::DeskSignOff;
pub use signature_pad::SignaturePad;
pub use work_order::{
    ApprovalRecords, EstimateTable, OrderHeader, PendingChoices, SlaClocks, StageLine, Timeline,
};
