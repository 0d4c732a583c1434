# Every interface, ipv6, wan and interface-level health_check argument, in a failover group whose
# members take their priority, weight and checks from their interfaces.
# "# alt: VALUE" marks an argument EveryArgumentHasAnEffectTest changes to VALUE.

interface "eth0" {
  zone      = "WAN"
  addresses = ["192.0.2.10/24", "2001:db8:1::10/64"] # alt: ["192.0.2.10/24", "2001:db8:1::11/64"]
  gateway   = ["192.0.2.1", "2001:db8:1::1"] # alt: ["192.0.2.2", "2001:db8:1::1"]
  mtu       = 1500 # alt: 1492

  ipv6 {
    nat        = "npt"
    prefix     = "2001:db8:1:1000::/64" # alt: "2001:db8:1:2000::/64"
    lan_prefix = "fd00:10::/64" # alt: "fd00:11::/64"
  }

  wan {
    priority  = 1 # alt: 3
    weight    = 2 # alt: 5
    bandwidth = "100Mbps" # alt: "50Mbps"
    table     = 110 # alt: 111
    mark      = 5 # alt: 6
  }

  health_check {
    type           = "icmp" # alt: "dns"
    targets        = ["192.0.2.53", "198.51.100.53"] # alt: ["192.0.2.53", "198.51.100.54"]
    interval       = "2s" # alt: "3s"
    timeout        = "1s" # alt: "500ms"
    threshold_down = 3 # alt: 4
    threshold_up   = 2 # alt: 3
    reliability    = 1 # alt: 2
    max_latency    = "300ms" # alt: "400ms"
    max_loss       = 20 # alt: 30
  }
}

interface "eth1" {
  zone = "WAN"
  dhcp = true

  ipv6 {
    autoconf          = true # alt: false
    dhcp              = true # alt: false
    prefix_delegation = true # alt: false
    nat               = "masquerade" # alt: "none"
  }

  wan {
    priority = 1
    weight   = 1
  }

  health_check {
    type    = "tcp"
    targets = ["198.51.100.80"]
    port    = 443 # alt: 8443
  }
}

interface "eth3" {
  zone = "WAN"

  pppoe {
    username = "user@isp.example" # alt: "other@isp.example"
    password = env("FLYWALL_PPPOE_PASSWORD") # alt: file("/etc/flywall/pppoe-password")
    device   = "ppp-dsl" # alt: "ppp-dsl2"
  }

  wan {
    priority = 2
  }

  health_check {
    type            = "http"
    url             = "http://192.0.2.80/generate_204" # alt: "http://192.0.2.81/generate_204"
    expected_status = 204 # alt: 200
  }
}

interface "eth4" {
  zone    = "WAN"
  address = "198.51.100.10/24" # alt: "198.51.100.11/24"
  gateway = "198.51.100.1"

  wan {
    priority = 3
  }

  health_check {
    type  = "dns"
    query = "example.net" # alt: "example.org"
  }
}

interface "eth2" {
  zone    = "LAN"
  address = "10.0.0.1/24"
  mtu     = 9000
}

uplink_group "default" {
  mode     = "failover" # alt: "balance"
  failback = "auto" # alt: "manual"
  failback_delay = "30s" # alt: "1m"

  member "eth0" {}
  member "eth1" {}
  member "eth3" {}
  member "eth4" {}
}
