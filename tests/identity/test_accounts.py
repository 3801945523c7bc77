"""Accounts, personal details, care relationships and consents, and tenant isolation."""

from __future__ import annotations

import uuid

import grpc
from sqlalchemy import select

from reconnect.identity.v1 import identity_pb2 as pb
from services.identity.store import Account
from tests.conftest import rpc_error, trailer


def new_username() -> str:
    return f"u{uuid.uuid4().hex[:10]}"


def create(identity, admin: str, tenant: str = "", roles=(pb.ROLE_SERVICE_USER,), **fields):
    request = pb.CreateAccountRequest(
        tenant=tenant, username=fields.pop("username", new_username()), password="a long enough password",
        roles=list(roles), **fields,
    )
    return identity.stub.CreateAccount(request, metadata=identity.as_(admin))


def test_tenant_admin_creates_accounts_whose_personal_details_are_encrypted(identity):
    account = create(identity, "admin.nordvik", real_name="Kari Kanarifugl", email="kari@example.no", phone="+47 912 34 567")
    assert account.tenant == "nordvik" and account.real_name == "Kari Kanarifugl"
    with identity.service.db.transaction() as session:
        row = session.scalars(select(Account).where(Account.id == account.id)).one()
        for stored in (row.real_name, row.email, row.phone):
            assert b"Kari" not in stored and b"kari@" not in stored and b"912" not in stored
    # The new person can sign in and sees their own details.
    identity.login("nordvik", account.username, "a long enough password")


def test_personal_details_are_for_the_person_and_their_tenant_admins_only(identity):
    nora = identity.ids["nora"]
    seen_by_admin = identity.stub.GetAccount(pb.GetAccountRequest(account_id=nora), metadata=identity.as_("admin.nordvik"))
    assert seen_by_admin.real_name == "Nora Nordmann"
    seen_by_region = identity.stub.GetAccount(pb.GetAccountRequest(account_id=nora), metadata=identity.as_("region.admin"))
    assert seen_by_region.id == nora and seen_by_region.real_name == "" and seen_by_region.email == ""
    peer = rpc_error(identity.stub.GetAccount, pb.GetAccountRequest(account_id=nora), metadata=identity.as_("nils"))
    assert peer.code() == grpc.StatusCode.PERMISSION_DENIED
    listing = identity.stub.ListAccounts(pb.ListAccountsRequest(tenant="nordvik"), metadata=identity.as_("region.admin"))
    assert listing.accounts and all(a.real_name == "" for a in listing.accounts)


def test_an_admin_of_one_municipality_can_neither_see_nor_change_another(identity):
    siri = identity.ids["siri"]
    nordvik_admin = identity.as_("admin.nordvik")
    cases = [
        (identity.stub.GetAccount, pb.GetAccountRequest(account_id=siri)),
        (identity.stub.ListAccounts, pb.ListAccountsRequest(tenant="sorby")),
        (identity.stub.CreateAccount, pb.CreateAccountRequest(tenant="sorby", username=new_username(), roles=[pb.ROLE_SERVICE_USER])),
        (identity.stub.AddCareRelationship, pb.AddCareRelationshipRequest(provider_id=identity.ids["berg"], service_user_id=siri)),
        (identity.stub.AddCareRelationship, pb.AddCareRelationshipRequest(provider_id=identity.ids["hansen"], service_user_id=siri)),
    ]
    for call, request in cases:
        error = rpc_error(call, request, metadata=nordvik_admin)
        assert error.code() == grpc.StatusCode.NOT_FOUND, (call, error.details())
    # Nothing was created in Sørby.
    sorby = identity.stub.ListAccounts(pb.ListAccountsRequest(), metadata=identity.as_("admin.sorby"))
    assert {a.username for a in sorby.accounts} == {"admin.sorby", "siri", "berg", "sven"}


def test_only_admins_create_accounts_and_only_the_region_makes_region_admins(identity):
    assert rpc_error(create, identity, "nora").code() == grpc.StatusCode.PERMISSION_DENIED
    assert rpc_error(create, identity, "hansen").code() == grpc.StatusCode.PERMISSION_DENIED
    error = rpc_error(create, identity, "admin.nordvik", roles=[pb.ROLE_REGION_ADMIN])
    assert error.code() == grpc.StatusCode.PERMISSION_DENIED
    made = create(identity, "region.admin", tenant="sorby", roles=[pb.ROLE_TENANT_ADMIN])
    assert made.tenant == "sorby"


def test_bad_account_input_names_the_field(identity):
    cases = {
        "username": {"username": "x"},
        "email": {"email": "not-an-address"},
        "phone": {"phone": "call me"},
    }
    for field_name, fields in cases.items():
        error = rpc_error(create, identity, "admin.nordvik", **fields)
        assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
        assert trailer(error, "reconnect-field") == field_name
    error = rpc_error(create, identity, "admin.nordvik", roles=[])
    assert trailer(error, "reconnect-field") == "roles"
    taken = rpc_error(create, identity, "admin.nordvik", username="nora")
    assert taken.code() == grpc.StatusCode.ALREADY_EXISTS


def test_accounts_list_in_stable_pages(identity):
    admin = identity.as_("admin.nordvik")
    seen, token = [], ""
    while True:
        page = identity.stub.ListAccounts(pb.ListAccountsRequest(page_size=2, page_token=token), metadata=admin)
        assert len(page.accounts) <= 2
        seen += [a.id for a in page.accounts]
        token = page.next_page_token
        if not token:
            break
    assert len(seen) == len(set(seen)) >= 5
    assert identity.ids["nora"] in seen


def test_care_relationships_link_a_provider_and_a_service_user_of_one_tenant(identity):
    admin = identity.as_("admin.nordvik")
    nils, hansen = identity.ids["nils"], identity.ids["hansen"]
    rel = identity.stub.AddCareRelationship(
        pb.AddCareRelationshipRequest(provider_id=hansen, service_user_id=nils), metadata=admin
    )
    duplicate = rpc_error(identity.stub.AddCareRelationship,
                          pb.AddCareRelationshipRequest(provider_id=hansen, service_user_id=nils), metadata=admin)
    assert duplicate.code() == grpc.StatusCode.ALREADY_EXISTS
    wrong_roles = rpc_error(identity.stub.AddCareRelationship,
                            pb.AddCareRelationshipRequest(provider_id=nils, service_user_id=hansen), metadata=admin)
    assert wrong_roles.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert trailer(wrong_roles, "reconnect-field") == "provider_id"

    mine = identity.stub.ListCareRelationships(pb.ListCareRelationshipsRequest(), metadata=identity.as_("hansen"))
    assert nils in {r.service_user_id for r in mine.relationships}
    theirs = identity.stub.ListCareRelationships(pb.ListCareRelationshipsRequest(), metadata=identity.as_("nils"))
    assert [r.provider_id for r in theirs.relationships] == [hansen]
    snooping = rpc_error(identity.stub.ListCareRelationships,
                         pb.ListCareRelationshipsRequest(service_user_id=nils), metadata=identity.as_("nora"))
    assert snooping.code() == grpc.StatusCode.PERMISSION_DENIED
    other_tenant = rpc_error(identity.stub.ListCareRelationships,
                             pb.ListCareRelationshipsRequest(provider_id=hansen), metadata=identity.as_("admin.sorby"))
    assert other_tenant.code() == grpc.StatusCode.NOT_FOUND

    identity.stub.RemoveCareRelationship(pb.RemoveCareRelationshipRequest(relationship_id=rel.id), metadata=admin)
    after = identity.stub.ListCareRelationships(pb.ListCareRelationshipsRequest(), metadata=identity.as_("nils"))
    assert after.relationships == []
    gone = rpc_error(identity.stub.RemoveCareRelationship,
                     pb.RemoveCareRelationshipRequest(relationship_id=rel.id), metadata=admin)
    assert gone.code() == grpc.StatusCode.NOT_FOUND


def test_consents_are_versioned_and_separate(identity):
    me = identity.as_("nils")
    current = identity.stub.ListConsents(pb.ListConsentsRequest(), metadata=me)
    stale = rpc_error(identity.stub.GiveConsent,
                      pb.GiveConsentRequest(kind=pb.CONSENT_KIND_TERMS, version="1999-1"), metadata=me)
    assert stale.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert trailer(stale, "reconnect-field") == "version"
    terms = identity.stub.GiveConsent(
        pb.GiveConsentRequest(kind=pb.CONSENT_KIND_TERMS, version=current.current_terms_version), metadata=me
    )
    assert terms.given_at.seconds > 0 and not terms.withdrawn
    kinds = {c.kind for c in identity.stub.ListConsents(pb.ListConsentsRequest(), metadata=me).consents}
    assert kinds == {pb.CONSENT_KIND_TERMS}, "accepting the terms is not consent to research"
    identity.stub.GiveConsent(
        pb.GiveConsentRequest(kind=pb.CONSENT_KIND_RESEARCH, version=current.current_research_version), metadata=me
    )
    withdrawn = identity.stub.WithdrawConsent(pb.WithdrawConsentRequest(kind=pb.CONSENT_KIND_RESEARCH), metadata=me)
    assert withdrawn.withdrawn
    unknown = rpc_error(identity.stub.GiveConsent, pb.GiveConsentRequest(kind=99, version="x"), metadata=me)
    assert unknown.code() == grpc.StatusCode.INVALID_ARGUMENT


def test_tenants_are_found_by_slug_or_host_and_only_the_region_creates_them(identity):
    assert identity.stub.GetTenant(pb.GetTenantRequest(slug="sorby")).name == "Sørby"
    assert identity.stub.GetTenant(pb.GetTenantRequest(host="nordvik.localhost:8080")).slug == "nordvik"
    assert rpc_error(identity.stub.GetTenant, pb.GetTenantRequest(slug="atlantis")).code() == grpc.StatusCode.NOT_FOUND
    request = pb.CreateTenantRequest(slug=f"t{uuid.uuid4().hex[:6]}", name="Ny kommune", locale="nb", time_zone="Europe/Oslo")
    assert rpc_error(identity.stub.CreateTenant, request, metadata=identity.as_("admin.nordvik")).code() == grpc.StatusCode.PERMISSION_DENIED
    assert identity.stub.CreateTenant(request, metadata=identity.as_("region.admin")).slug == request.slug
    bad = pb.CreateTenantRequest(slug="x", name="", locale="de", time_zone="Mars/Olympus")
    error = rpc_error(identity.stub.CreateTenant, bad, metadata=identity.as_("region.admin"))
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT and trailer(error, "reconnect-field") == "slug"


def test_a_provider_sees_the_care_team_of_people_in_their_care_only(identity):
    admin = identity.as_("admin.nordvik")
    cared_for = create(identity, "admin.nordvik").id
    stranger = create(identity, "admin.nordvik").id
    rel = identity.stub.AddCareRelationship(
        pb.AddCareRelationshipRequest(provider_id=identity.ids["hansen"], service_user_id=cared_for), metadata=admin)
    seen = identity.stub.ListCareRelationships(pb.ListCareRelationshipsRequest(service_user_id=cared_for),
                                               metadata=identity.as_("hansen"))
    assert [r.provider_id for r in seen.relationships] == [identity.ids["hansen"]]
    not_in_care = rpc_error(identity.stub.ListCareRelationships, pb.ListCareRelationshipsRequest(service_user_id=stranger),
                            metadata=identity.as_("hansen"))
    assert not_in_care.code() == grpc.StatusCode.PERMISSION_DENIED
    other_tenant = rpc_error(identity.stub.ListCareRelationships, pb.ListCareRelationshipsRequest(service_user_id=cared_for),
                             metadata=identity.as_("berg"))
    assert other_tenant.code() == grpc.StatusCode.NOT_FOUND
    identity.stub.RemoveCareRelationship(pb.RemoveCareRelationshipRequest(relationship_id=rel.id), metadata=admin)
    ended = rpc_error(identity.stub.ListCareRelationships, pb.ListCareRelationshipsRequest(service_user_id=cared_for),
                      metadata=identity.as_("hansen"))
    assert ended.code() == grpc.StatusCode.PERMISSION_DENIED
