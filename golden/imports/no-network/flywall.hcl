# Imported from mwan3 by flywall import mwan3.
# Lines saying "not imported" are what flywall cannot express; see docs/import.md.

interface "wan" {
  # mwan3 interface "wan"
  # no network file read: the device is taken to be named like the interface, and to get its address by DHCP
  zone = "WAN"
  dhcp = true

  wan {}

  health_check {
    targets        = ["1.1.1.1", "8.8.8.8"]
    interval       = "10s"
    timeout        = "4s"
    threshold_down = 5
    threshold_up   = 5
    # reliability '3': more answers than the check has targets (2), so mwan3 never deems the link up; not imported
  }
}

interface "wwan" {
  # mwan3 interface "wwan"
  # no network file read: the device is taken to be named like the interface, and to get its address by DHCP
  zone = "WAN"
  dhcp = true

  wan {}

  # mwan3 tracks nothing here (no track_ip) and holds the interface online; flywall always probes: its default targets are used
  health_check {
    interval       = "1m"
    timeout        = "4s"
    threshold_down = 5
    threshold_up   = 5
  }
}

uplink_group "failover" {
  # mwan3 policy "failover"
  # last_resort 'unreachable' (mwan3's default): while every member is down, its policy routes are strict (traffic is refused)
  mode = "failover"

  member "wan" {
    priority = 1
    weight   = 1
  }

  member "wwan" {
    priority = 2
    weight   = 1
  }
}

# mwan3 rule "all" matches all traffic: its policy "failover" is flywall's default group (the first uplink_group)
