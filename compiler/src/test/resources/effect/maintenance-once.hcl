# The one-off form of a maintenance window.
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

maintenance "splice" {
  uplinks   = ["eth1"]
  time_zone = "Europe/Berlin"
  from      = "2027-01-14 22:00" # alt: "2027-01-14 23:00"
  until     = "2027-01-15 04:00" # alt: "2027-01-15 05:00"
}
