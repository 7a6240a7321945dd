-- Argo CD health of an OSVersion, NodeConfig or RubikPolicy, read from the kstatus conditions the operator
-- writes (docs/api.md "Conditions", docs/gitops-argocd.md). One script for the three kinds; register it in
-- argocd-cm under resource.customizations.health.nestos.openeuler.org_<Kind> (examples/argocd/argocd-cm.yaml).
--
--   no status, or status.observedGeneration < metadata.generation  -> Progressing (the operator has not seen it)
--   Stalled=True   (a halted rollout, an invalid spec, an image it cannot use)  -> Degraded, with the reason
--   Degraded=True  (failed nodes, failed applies, conflicts)                     -> Degraded, with the reason
--   Reconciling=True with reason Paused or PartitionReached (waits for a change in Git)  -> Suspended
--   Ready=True  -> Healthy
--   otherwise   -> Progressing, with the Reconciling (else Ready) reason and message
--
-- Argo CD runs custom health scripts with only the base, table and package libraries (and a safe os with
-- time/date) unless useOpenLibs is set: this script uses no library function at all (no string.*, os.*, io.*).
local hs = { status = "Progressing", message = "Waiting for the NestOS operator to observe this object" }

local status = obj.status
if status == nil or status.observedGeneration == nil then
  return hs
end
local generation = 0
if obj.metadata ~= nil and obj.metadata.generation ~= nil then
  generation = obj.metadata.generation
end
if status.observedGeneration < generation then
  hs.message = "The NestOS operator has not observed generation " .. generation
    .. " yet (status is of generation " .. status.observedGeneration .. ")"
  return hs
end

local byType = {}
if status.conditions ~= nil then
  for _, c in ipairs(status.conditions) do
    if c.type ~= nil then
      byType[c.type] = c
    end
  end
end

local function isTrue(c)
  return c ~= nil and c.status == "True"
end

local function describe(c)
  local text = c.reason or c.type
  if c.message ~= nil and c.message ~= "" then
    text = text .. ": " .. c.message
  end
  return text
end

-- The first failed nodes an OSVersion lists, e.g. "; failed nodes: worker-1 (HealthCheckFailed), worker-2 (RolledBack)".
local function failedNodes()
  if status.failures == nil then
    return ""
  end
  local listed = ""
  local count = 0
  for _, f in ipairs(status.failures) do
    count = count + 1
    if count > 3 then
      return listed .. ", ..."
    end
    if count > 1 then
      listed = listed .. ", "
    end
    listed = listed .. (f.name or "?") .. " (" .. (f.reason or "Failed") .. ")"
  end
  if count == 0 then
    return ""
  end
  return "; failed nodes: " .. listed
end

local stalled, degraded = byType["Stalled"], byType["Degraded"]
local ready, reconciling = byType["Ready"], byType["Reconciling"]
if isTrue(stalled) then
  hs.status = "Degraded"
  hs.message = describe(stalled)
elseif isTrue(degraded) then
  hs.status = "Degraded"
  hs.message = describe(degraded) .. failedNodes()
elseif isTrue(reconciling) and (reconciling.reason == "Paused" or reconciling.reason == "PartitionReached") then
  hs.status = "Suspended"
  hs.message = describe(reconciling)
elseif isTrue(ready) then
  hs.status = "Healthy"
  hs.message = describe(ready)
elseif isTrue(reconciling) then
  hs.message = describe(reconciling)
elseif ready ~= nil then
  hs.message = describe(ready)
end
return hs
