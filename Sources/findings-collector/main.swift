print("findings-collector")
