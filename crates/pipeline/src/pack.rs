//! unmask's own rule pack (`rules/` in the repository), compiled into the binary so an installed
//! `unmask` has it. A test checks that this list and the folder agree.

/// (path in the repository, text) of every rule file of the pack.
pub const PACK: &[(&str, &str)] = &[
    (
        "rules/code/bulk_repository_copy.yml",
        include_str!("../../../rules/code/bulk_repository_copy.yml"),
    ),
    (
        "rules/code/repository_clone.yml",
        include_str!("../../../rules/code/repository_clone.yml"),
    ),
    (
        "rules/endpoint/chrome_remote_desktop_unattended.yml",
        include_str!("../../../rules/endpoint/chrome_remote_desktop_unattended.yml"),
    ),
    (
        "rules/endpoint/hypervisor_started.yml",
        include_str!("../../../rules/endpoint/hypervisor_started.yml"),
    ),
    (
        "rules/endpoint/ip_kvm_spoofed_keyboard.yml",
        include_str!("../../../rules/endpoint/ip_kvm_spoofed_keyboard.yml"),
    ),
    (
        "rules/endpoint/ip_kvm_usb_device.yml",
        include_str!("../../../rules/endpoint/ip_kvm_usb_device.yml"),
    ),
    (
        "rules/endpoint/mouse_jiggler.yml",
        include_str!("../../../rules/endpoint/mouse_jiggler.yml"),
    ),
    (
        "rules/endpoint/mouse_jiggler_software.yml",
        include_str!("../../../rules/endpoint/mouse_jiggler_software.yml"),
    ),
    (
        "rules/endpoint/remote_access_tool.yml",
        include_str!("../../../rules/endpoint/remote_access_tool.yml"),
    ),
    (
        "rules/endpoint/two_remote_access_tools.yml",
        include_str!("../../../rules/endpoint/two_remote_access_tools.yml"),
    ),
    (
        "rules/endpoint/usb_composite_gadget.yml",
        include_str!("../../../rules/endpoint/usb_composite_gadget.yml"),
    ),
    (
        "rules/endpoint/virtual_machine_device.yml",
        include_str!("../../../rules/endpoint/virtual_machine_device.yml"),
    ),
    (
        "rules/endpoint/vpn_client_astrill.yml",
        include_str!("../../../rules/endpoint/vpn_client_astrill.yml"),
    ),
    (
        "rules/endpoint/vpn_client_installed.yml",
        include_str!("../../../rules/endpoint/vpn_client_installed.yml"),
    ),
];

/// The pack as rule sources.
pub fn sources() -> Vec<unmask_sigma::Source> {
    PACK.iter()
        .map(|(name, text)| unmask_sigma::Source {
            name: (*name).to_string(),
            text: (*text).to_string(),
        })
        .collect()
}
