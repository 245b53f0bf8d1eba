"""Reading and writing games in other tools' formats."""
