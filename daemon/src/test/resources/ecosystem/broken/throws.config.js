throw new Error("config exploded")
