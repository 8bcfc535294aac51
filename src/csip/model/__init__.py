"""Model: what each plan file may hold (pydantic), and the plan assembled from them."""
