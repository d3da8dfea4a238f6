"""Print benchmark rows as an aligned table."""


def print_table(rows: list[tuple[str, str, str]], last_column: str) -> None:
    width = max(len(name) for name, _, _ in rows)
    print(f"{'measure':<{width}}  {'value':>10}  {last_column}")
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:>10}  {note}")
