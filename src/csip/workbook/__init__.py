"""The plan as a spreadsheet: export it, take a filled-in workbook back, send leads their returns.

Lead officers and improvement teams work in spreadsheets; the plan lives in YAML. ``export``
writes the workbook of spec section 13, ``returns`` one workbook per lead for the month's
update, and ``importer`` reads either back and adds what is new to the plan's files through
``csip.plan_edit``, never changing what they hold. The sheets' columns are defined once, in
``layout``, for all three.
"""
