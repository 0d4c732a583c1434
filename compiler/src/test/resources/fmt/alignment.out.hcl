# Alignment groups: consecutive single-line attributes line up their "=".
name        = "edge"
description = "first group"
mtu         = 1500

# A blank line or a comment line ends a group.
zone = "WAN"
# comment line in between
priority = 10
weight   = 1
nested {
  a = 1
}
after_block = true
x           = 1
multi = [
  1,
]
y                        = 2
very_long_attribute_name = 3
