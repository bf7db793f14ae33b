BPI.main()
