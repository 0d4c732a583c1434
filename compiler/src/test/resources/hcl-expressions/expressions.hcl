# Valid input beyond literals, as seed material for ParserRobustnessTest's mutations
# (never shown to hcl4j): variables, locals, operators, functions, for, splat, templates, heredocs.

variable "uplinks" {
  type    = list(string)
  default = ["eth0", "eth1"]
}

variable "weight" {
  default = 3
}

locals {
  members = { for i, name in var.uplinks : name => { priority = i + 1, weight = var.weight * 2 } }
  names   = [for m in keys(local.members) : upper(m) if m != ""]
  first   = local.names[0]
  ports   = range(1, 4)
  greeting = "hello ${local.first}%{ if length(local.names) > 1 }, and others%{ else } alone%{ endif }"
  listing = <<-EOT
    %{ for n in local.names ~}
    - ${lower(n)}
    %{ endfor ~}
    EOT
}

uplink_group "default" {
  mode    = var.weight > 2 ? "balance" : "failover"
  members = [for name, m in local.members : { name = name, weight = m.weight }]
  weights = values(local.members)[*].weight
  total   = (1 + 2) * 3 - 4 / 2 % 3
  ok      = !false && (true || false)
  cmp     = [1 < 2, 2 >= 2, "a" == "a", 1 != 2]
  text    = format("%s-%d", local.first, 42)
  parts   = split(",", join(",", local.names))
  merged  = merge({ a = 1 }, { b = 2 })
  found   = lookup(local.members, "eth0", null)
  coal    = coalesce("", "x")
  nums    = [abs(-3), ceil(1.2), floor(1.8), max(1, 5), min(2, 4)]
  flat    = flatten([[1], [2, [3]]])
  subs    = substr(trimspace("  flywall  "), 0, 3)
  legacy  = local.names.0
  heredoc = <<EOT
plain ${local.greeting}
EOT
  dollar  = "$${not} %%{interpolated}"
  esc     = "\u00e9\U0001F600\t"
}
