# Every ha argument: one node of an HA pair with a static WAN, a LAN and two links the sync could
# use. preempt_delay is in ha-preempt-delay.hcl (it needs preempt = true, which this file changes).
# "# alt: VALUE" marks an argument EveryArgumentHasAnEffectTest changes to VALUE.

interface "eth0" {
  zone    = "WAN"
  address = "198.51.100.2/29"
  gateway = "198.51.100.1"

  wan {}
}

interface "eth2" {
  zone      = "LAN"
  addresses = ["192.168.1.2/24", "fd00:10::2/64"]
}

interface "eth3" {
  zone    = "SYNC"
  address = "10.99.0.1/29"
}

interface "eth4" {
  zone    = "SYNC"
  address = "10.99.0.6/28"
}

uplink_group "default" {
  member "eth0" {}
}

ha {
  priority        = 200         # alt: 100
  peer            = "10.99.0.2" # alt: "10.99.0.3"
  sync_interface  = "eth3"      # alt: "eth4"
  sync_port       = 3780        # alt: 3781
  router_id       = 51          # alt: 52
  advert_interval = "1s"        # alt: "200ms"
  preempt         = true        # alt: false

  virtual_address "eth2" {
    addresses = ["192.168.1.1/24", "fd00:10::1/64"] # alt: ["192.168.1.254/24", "fd00:10::1/64"]
  }

  virtual_address "eth0" {
    addresses = ["198.51.100.4/29"]
  }
}
