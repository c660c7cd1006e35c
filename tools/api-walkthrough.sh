#!/usr/bin/env bash
# One everyday case over the API with curl, as docs/api-walkthrough.md explains it step by step: a coach opens a
# case, records a contact and the participant's consent, refers her to an addiction counselling service; the
# counsellor finds the referral in the inbox, accepts it, plans and confirms the first appointment and completes
# it; the coach sees the outcome; the data protection officer reads the case's access log and verifies the log.
#
#   npm start                                   # in another terminal: the embedded default on port 3000
#   bash tools/api-walkthrough.sh               # BASE=http://127.0.0.1:3000 by default
#
# Every call must answer as shown; the script stops at the first one that does not (curl --fail-with-body).
set -euo pipefail
BASE=${BASE:-http://127.0.0.1:3000}
json() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const v=JSON.parse(s);const r=(process.argv[1]||"").split(".").filter(Boolean).reduce((o,k)=>o?.[k],v);if(r===undefined){console.error("no "+process.argv[1]+" in "+s);process.exit(1)}process.stdout.write(typeof r==="string"?r:JSON.stringify(r))})' "$1"; }
call() { curl -sS --fail-with-body -H 'content-type: application/json' "$@"; }
token() { call -X POST "$BASE/api/dev/token" -d "{\"userId\":\"$1\"}" | json accessToken; }
step() { printf '\n== %s\n' "$1"; }

ANNA=$(token anna.coach)
EMIL=$(token emil.counsel)
FRIEDA=$(token frieda.dpo)
as() { local who=$1 purpose=$2; shift 2; call -H "authorization: Bearer $who" -H "x-purpose: $purpose" "$@"; }

step 'anna.coach (Jobcenter) opens a case under the purpose integration'
CASE=$(as "$ANNA" integration -X POST "$BASE/api/cases" \
  -d '{"participant":{"givenName":"Mara","familyName":"Beispiel","birthDate":"1990-04-01"}}' | json id)
echo "case $CASE"

step 'she records a phone contact'
as "$ANNA" integration -X POST "$BASE/api/cases/$CASE/contacts" \
  -d "{\"kind\":\"phone\",\"occurredAt\":\"$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)\",\"durationMinutes\":20}"
echo

step 'the participant consents in writing: identity and addiction, to suchtberatung-nord, for health promotion'
as "$ANNA" integration -X POST "$BASE/api/cases/$CASE/consents" \
  -d '{"purposes":["health_promotion"],"dataCategories":["identity","addiction"],"recipientAgencyIds":["suchtberatung-nord"],"form":"written","grantedBy":"participant"}'
echo

step 'the partner directory: who offers addiction counselling in area Nord'
as "$ANNA" integration "$BASE/api/partners?service=addiction_counselling&area=Nord" | json items.0.agencyId
echo

step 'she refers Mara there, sharing only what the consent covers'
REFERRAL=$(as "$ANNA" health_promotion -X POST "$BASE/api/cases/$CASE/referrals" \
  -d '{"partnerAgencyId":"suchtberatung-nord","purpose":"health_promotion","sharedCategories":["identity","addiction"],"reason":"Wunsch nach Suchtberatung"}' |
  json id)
echo "referral $REFERRAL"

step "emil.counsel (Suchtberatung Nord) finds it in the agency's inbox"
as "$EMIL" health_promotion "$BASE/api/referrals" | json items.0
echo

step 'he accepts it, plans the first appointment, confirms it took place and completes the referral'
PLANNED=$(date -u -d "+1 hour" +%Y-%m-%dT%H:%M:%S.%3NZ)
as "$EMIL" health_promotion -X POST "$BASE/api/cases/$CASE/referrals/$REFERRAL/accept" -d '{}'
echo
as "$EMIL" health_promotion -X POST "$BASE/api/cases/$CASE/referrals/$REFERRAL/plan-appointment" \
  -d "{\"appointmentAt\":\"$PLANNED\"}"
echo
as "$EMIL" health_promotion -X POST "$BASE/api/cases/$CASE/referrals/$REFERRAL/first-appointment" \
  -d "{\"appointmentAt\":\"$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)\"}"
echo
as "$EMIL" health_promotion -X POST "$BASE/api/cases/$CASE/referrals/$REFERRAL/complete" \
  -d '{"attended":true,"goalReached":true}'
echo

step 'what emil may not do: read the case under integration (refused, and the refusal is logged)'
code=$(curl -sS -o /dev/null -w '%{http_code}' -H "authorization: Bearer $EMIL" -H 'x-purpose: integration' \
  "$BASE/api/cases/$CASE")
echo "GET /api/cases/{id} as emil.counsel: $code"
[ "$code" = 404 ] || [ "$code" = 403 ] || { echo "expected a refusal, got $code" >&2; exit 1; }

step 'anna sees the closed loop'
as "$ANNA" health_promotion "$BASE/api/cases/$CASE/referrals/$REFERRAL" | json status
echo

step "frieda.dpo (data protection officer) reads who accessed the case, and verifies the log"
as "$FRIEDA" audit "$BASE/api/audit/entries?caseId=$CASE" | json items.length
echo ' entries for this case'
as "$FRIEDA" audit "$BASE/api/audit/verify" | json valid
echo ' (the log verifies)'
