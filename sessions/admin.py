"""The back office for scheduling data: locations, rooms, working hours, closures."""

from django.contrib import admin

from sessions.models import Closure, Location, Room, WorkingHours


class RoomInline(admin.TabularInline):
    model = Room
    extra = 1

    def has_delete_permission(self, request, obj=None):
        return False  # rooms of past sessions are kept; set "in use" off instead


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ["name", "phone"]
    inlines = [RoomInline]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    list_display = ["name", "location", "active"]
    list_filter = ["location", "active"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(WorkingHours)
class WorkingHoursAdmin(admin.ModelAdmin):
    list_display = ["practitioner", "location", "weekday", "starts", "ends"]
    list_filter = ["location", "weekday", "practitioner"]


@admin.register(Closure)
class ClosureAdmin(admin.ModelAdmin):
    list_display = ["reason", "location", "practitioner", "starts_on", "ends_on"]
    list_filter = ["location"]
    date_hierarchy = "starts_on"
