print("itglue-offboard")
