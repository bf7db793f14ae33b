print("bpi")
