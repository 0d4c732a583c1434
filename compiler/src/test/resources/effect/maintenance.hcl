# Every argument of a weekly maintenance window (the one-off form is in maintenance-once.hcl).
# "# alt: VALUE" marks an argument EveryArgumentHasAnEffectTest changes to VALUE.

interface "eth0" {
  zone = "WAN"
  dhcp = true
  wan {}
}

interface "eth1" {
  zone = "WAN"
  dhcp = true
  wan {}
}

interface "eth2" {
  zone    = "LAN"
  address = "192.168.1.1/24"
}

uplink_group "default" {
  member "eth0" {}
  member "eth1" {}
}

maintenance "weekly" {
  uplinks   = ["eth0"]          # alt: ["eth1"]
  time_zone = "Europe/Berlin"   # alt: "UTC"
  days      = ["sat", "sun"]    # alt: ["sun"]
  start     = "02:00"           # alt: "03:30"
  duration  = "2h"              # alt: "90m"
}
