pass  # TODO: the claims of the reading, asserted once it is written
