a = 1
bb = 2 # comment

block {
  x = <<EOT
  body
  EOT
  /* multi
     line */
}
