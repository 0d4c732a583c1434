größe    = 1
名前       = "値 ${var.名前}"
café     = "crème brûlée" # señor
x        = "😀"            # emoji
résumé_2 = 1
