//! The staff console's browser app (`staff.html`, served at `/staff`).

fn main() {
    aftersales::ui::console::mount();
}
