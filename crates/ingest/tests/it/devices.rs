use super::*;

#[test]
fn devices_fixture() {
    insta::assert_snapshot!(render(
        &Format::Devices,
        "devices.csv",
        &fixture("devices.csv")
    ));
}

#[test]
fn bad_serial_and_date() {
    let input = b"serial_number,model,assigned_user_email,ship_to_address,ship_to_city,ship_to_country,shipped_at\n\
---,X,a@acme.example,,,,\n\
SN1,X,not-an-email,,,,yesterday\n";
    insta::assert_snapshot!(render(&Format::Devices, "devices.csv", input));
}
