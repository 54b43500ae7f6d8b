from django.db import connection
from django.http import JsonResponse


def health(request):
    """Answers 200 only when the database answers too, so a load balancer can trust it."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:  # any database failure means unhealthy
        return JsonResponse({"status": "error", "database": str(exc)}, status=503)
    return JsonResponse({"status": "ok", "database": connection.vendor})
