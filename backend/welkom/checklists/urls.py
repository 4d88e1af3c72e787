from django.urls import path

from welkom.checklists import apis

urlpatterns = [
    path("checklists", apis.ChecklistListApi.as_view(), name="checklist-list"),
    path("checklists/upcoming", apis.UpcomingItemsApi.as_view(), name="checklist-upcoming"),
    path("checklists/changes", apis.ChangeListApi.as_view(), name="checklist-changes"),
    path("checklists/municipality", apis.MunicipalityApi.as_view(), name="checklist-municipality"),
    path("checklists/municipalities", apis.MunicipalityListApi.as_view(), name="checklist-municipalities"),
    path("checklists/board", apis.BoardApi.as_view(), name="checklist-board"),
    path("checklists/board.csv", apis.BoardExportApi.as_view(), name="checklist-board-export"),
    path("checklist-items/<int:pk>", apis.ItemDetailApi.as_view(), name="checklist-item-detail"),
    path(
        "checklist-items/<int:pk>/documents", apis.ItemDocumentsApi.as_view(), name="checklist-item-documents"
    ),
    path("checklist-documents/<int:pk>", apis.DocumentDetailApi.as_view(), name="checklist-document-detail"),
]
