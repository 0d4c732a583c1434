# Wrong: the PPP device of "enp0s31f6.100" would be "ppp-enp0s31f6.100", 17 characters; Linux
# interface names have at most 15, so the session needs pppoe { device = "..." }.

interface "eth0" {
  zone = "WAN"
  dhcp = true

  wan {
    priority = 1
  }
}

# DSL arrives tagged as VLAN 100 on the onboard port
interface "enp0s31f6.100" {
  zone = "WAN"

  pppoe {
    username = "customer@dsl.example"
    password = env("FLYWALL_PPPOE_PASSWORD")
  }

  wan {
    priority = 2
  }
}

interface "eth2" {
  zone    = "LAN"
  address = "192.168.1.1/24"
}

uplink_group "default" {
  member "eth0" {}
  member "enp0s31f6.100" {}
}
