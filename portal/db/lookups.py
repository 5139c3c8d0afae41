"""Integer lookups that never send the database a number it cannot hold.

Django already answers `exact`, `lt`, `gt`, … with a number outside an integer column's range by
an empty (or full) result, but `in` passes every value on: SQLite's driver then fails with
"OverflowError: Python int too large to convert to SQLite INTEGER", and every multiple-choice
field of a form (ModelMultipleChoiceField asks `pk__in`) answered 500 to a typed-in 2**64.
Here `in` leaves out what no row of that column can hold; nothing left matches nothing.
"""

from django.db.models import IntegerField
from django.db.models.lookups import In


class IntegerFieldIn(In):
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            internal_type = self.lhs.output_field.get_internal_type()
            low, high = connection.ops.integer_field_range(internal_type)
            self.rhs = [
                value for value in self.rhs
                if not isinstance(value, int) or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)


def register():
    IntegerField.register_lookup(IntegerFieldIn)
