//! SNMP and ASN.1 names as tcpdump 5.0 prints them without libsmi
//! (print-snmp.c `Universal`, `Application`, `Context`, `Exceptions`,
//! `Private`, `ErrorStatus`, `GenericTrap`, `SnmpVersion`).

/// Names of the universal tags tcpdump knows (0–17).
pub const UNIVERSAL: &[&str] = &[
    "U-0", "Boolean", "Integer", "Bitstring", "String", "Null", "ObjID", "ObjectDes", "U-8", "U-9", "U-10", "U-11", "U-12", "U-13",
    "U-14", "U-15", "Sequence", "Set",
];

/// Names of the application tags (the SMI types, 0–6).
pub const APPLICATION: &[&str] = &["IpAddress", "Counter", "Gauge", "TimeTicks", "Opaque", "C-5", "Counter64"];

/// Names of the context tags (the PDUs, 0–8).
pub const CONTEXT: &[&str] =
    &["GetRequest", "GetNextRequest", "GetResponse", "SetRequest", "Trap", "GetBulk", "Inform", "V2Trap", "Report"];

/// Names of the private tags (tcpdump knows one).
pub const PRIVATE: &[&str] = &["P-0"];

/// The tag names of a class (0 universal … 3 private).
pub fn class_tags(class: u8) -> &'static [&'static str] {
    match class {
        0 => UNIVERSAL,
        1 => APPLICATION,
        2 => CONTEXT,
        _ => PRIVATE,
    }
}

/// A varbind exception's name (context primitive 0–2).
pub fn exception(tag: u8) -> Option<&'static str> {
    ["noSuchObject", "noSuchInstance", "endOfMibView"].get(usize::from(tag)).copied()
}

/// An error-status name (RFC 3416 §3), `None` outside 0–18.
pub fn error_status(e: i32) -> Option<&'static str> {
    const NAMES: [&str; 19] = [
        "noError", "tooBig", "noSuchName", "badValue", "readOnly", "genErr", "noAccess", "wrongType", "wrongLength",
        "wrongEncoding", "wrongValue", "noCreation", "inconsistentValue", "resourceUnavailable", "commitFailed",
        "undoFailed", "authorizationError", "notWritable", "inconsistentName",
    ];
    usize::try_from(e).ok().and_then(|i| NAMES.get(i)).copied()
}

/// A generic-trap name (RFC 1157 §4.1.6), `None` outside 0–6.
pub fn generic_trap(t: i32) -> Option<&'static str> {
    const NAMES: [&str; 7] =
        ["coldStart", "warmStart", "linkDown", "linkUp", "authenticationFailure", "egpNeighborLoss", "enterpriseSpecific"];
    usize::try_from(t).ok().and_then(|i| NAMES.get(i)).copied()
}

/// A message version's name (0–3).
pub fn version(v: i32) -> Option<&'static str> {
    usize::try_from(v).ok().and_then(|i| ["SNMPv1", "SNMPv2c", "SNMPv2u", "SNMPv3"].get(i)).copied()
}

/// A node of tcpdump's compiled-in MIB tree ([`MIB`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MibNode(u16);

impl MibNode {
    /// The node's name.
    pub fn name(self) -> &'static str {
        MIB.get(usize::from(self.0)).map_or("", |n| n.2)
    }
}

/// The child of `parent` (the top of the tree when `None`) whose
/// sub-identifier is `oid`.
pub fn mib_child(parent: Option<MibNode>, oid: i32) -> Option<MibNode> {
    let p = parent.map_or(ROOT, |n| n.0);
    MIB.iter().position(|&(pp, o, _)| pp == p && i32::from(o) == oid).and_then(|i| u16::try_from(i).ok()).map(MibNode)
}

/// The OID prefixes tcpdump prints abbreviated without -n (print-snmp.c
/// `obj_abrev_list`, in its order): the printed prefix, the encoded OID
/// prefix, and the node whose children follow.
pub const ABBREVIATIONS: &[(&str, &[u8], MibNode)] = &[
    ("", &[0x2b, 6, 1, 2, 1], MibNode(10)),
    ("E:", &[0x2b, 6, 1, 4, 1], MibNode(11)),
    ("X:", &[0x2b, 6, 1, 3], MibNode(6)),
    ("S:", &[0x2b, 6, 1, 6, 3], MibNode(12)),
];

/// The parent index of the top-level nodes.
const ROOT: u16 = u16::MAX;

/// tcpdump's compiled-in MIB (its generated mib.h: MIB-II, the enterprise
/// numbers it knows, the SNMPv3 framework, MPD and USM modules) as
/// (parent index, sub-identifier, name), parents before children. Read
/// back from Debian tcpdump 4.99.3 by asking it to print every
/// sub-identifier 0-255 below each node it names.
#[rustfmt::skip]
const MIB: &[(u16, u8, &str)] = &[
    (ROOT, 1, "iso"),
    (0, 3, "org"),
    (1, 6, "dod"),
    (2, 1, "internet"),
    (3, 1, "directory"),
    (3, 2, "mgmt"),
    (3, 3, "experimental"),
    (3, 4, "private"),
    (3, 5, "security"),
    (3, 6, "snmpV2"),
    (5, 1, "mib"),
    (7, 1, "enterprises"),
    (9, 3, "snmpModules"),
    (10, 1, "system"),
    (10, 2, "interfaces"),
    (10, 3, "at"),
    (10, 4, "ip"),
    (10, 5, "icmp"),
    (10, 6, "tcp"),
    (10, 7, "udp"),
    (10, 8, "egp"),
    (10, 10, "transmission"),
    (10, 11, "snmp"),
    (11, 1, "proteon"),
    (11, 2, "ibm"),
    (11, 3, "cmu"),
    (11, 4, "unix"),
    (11, 5, "acc"),
    (11, 6, "twg"),
    (11, 7, "cayman"),
    (11, 8, "nysernet"),
    (11, 9, "cisco"),
    (11, 10, "nsc"),
    (11, 11, "hp"),
    (11, 12, "epilogue"),
    (11, 13, "utennessee"),
    (11, 14, "bbn"),
    (11, 15, "xylogics"),
    (11, 16, "unisys"),
    (11, 17, "canstar"),
    (11, 18, "wellfleet"),
    (11, 19, "trw"),
    (11, 20, "mit"),
    (11, 21, "eon"),
    (11, 22, "spartacus"),
    (11, 23, "excelan"),
    (11, 24, "spider"),
    (11, 25, "nsfnet"),
    (11, 26, "sytek"),
    (11, 27, "intergraph"),
    (11, 28, "interlan"),
    (11, 29, "vitalink"),
    (11, 30, "ulana"),
    (11, 31, "nswc"),
    (11, 32, "santacruzoperation"),
    (11, 33, "xyplex"),
    (11, 34, "cray"),
    (11, 35, "bellnorthernresearch"),
    (11, 36, "dec"),
    (11, 37, "touch"),
    (11, 38, "networkresearchcorp"),
    (11, 39, "baylor"),
    (11, 40, "nmfeccllnl"),
    (11, 41, "sri"),
    (11, 42, "sun"),
    (11, 43, "3com"),
    (11, 44, "cmc"),
    (11, 45, "synoptics"),
    (11, 46, "cheyenne"),
    (11, 47, "prime"),
    (11, 48, "mcnc"),
    (11, 49, "chipcom"),
    (11, 50, "opticaldatasystems"),
    (11, 51, "gated"),
    (11, 52, "cabletron"),
    (11, 53, "apollo"),
    (11, 54, "desktalksystems"),
    (11, 55, "ssds"),
    (11, 56, "castlerock"),
    (11, 57, "mips"),
    (11, 58, "tgv"),
    (11, 59, "silicongraphics"),
    (11, 60, "ubc"),
    (11, 61, "merit"),
    (11, 62, "fibercom"),
    (11, 63, "apple"),
    (11, 64, "gandalf"),
    (11, 65, "dartmouth"),
    (11, 66, "davidsystems"),
    (11, 67, "reuter"),
    (11, 68, "cornell"),
    (11, 69, "tmac"),
    (11, 70, "locus"),
    (11, 71, "nasa"),
    (11, 72, "retix"),
    (11, 73, "boeing"),
    (11, 74, "att"),
    (11, 75, "ungermannbass"),
    (11, 76, "digitalanalysis"),
    (11, 77, "hplanman"),
    (11, 78, "netlabs"),
    (11, 79, "icl"),
    (11, 80, "auspex"),
    (11, 81, "lannet"),
    (11, 82, "ncd"),
    (11, 83, "raycom"),
    (11, 84, "pirellifocom"),
    (11, 85, "datability"),
    (11, 86, "networkappltech"),
    (11, 87, "link"),
    (11, 88, "nyu"),
    (11, 89, "rnd"),
    (11, 90, "intercon"),
    (11, 91, "learningtree"),
    (11, 92, "webstercomputer"),
    (11, 93, "frontier"),
    (11, 94, "nokia"),
    (11, 95, "allenbradley"),
    (11, 96, "cern"),
    (11, 97, "sigma"),
    (11, 98, "emergingtech"),
    (11, 99, "snmpresearch"),
    (11, 100, "ohiostate"),
    (11, 101, "ultra"),
    (11, 136, "ccur"),
    (12, 10, "snmpFrameworkMIB"),
    (12, 11, "snmpMPDMIB"),
    (12, 15, "snmpUsmMIB"),
    (13, 1, "sysDescr"),
    (13, 2, "sysObjectID"),
    (13, 3, "sysUpTime"),
    (13, 4, "sysContact"),
    (13, 5, "sysName"),
    (13, 6, "sysLocation"),
    (13, 7, "sysServices"),
    (14, 1, "ifNumber"),
    (14, 2, "ifTable"),
    (15, 1, "atTable"),
    (16, 1, "ipForwarding"),
    (16, 2, "ipDefaultTTL"),
    (16, 3, "ipInReceives"),
    (16, 4, "ipInHdrErrors"),
    (16, 5, "ipInAddrErrors"),
    (16, 6, "ipForwDatagrams"),
    (16, 7, "ipInUnknownProtos"),
    (16, 8, "ipInDiscards"),
    (16, 9, "ipInDelivers"),
    (16, 10, "ipOutRequests"),
    (16, 11, "ipOutDiscards"),
    (16, 12, "ipOutNoRoutes"),
    (16, 13, "ipReasmTimeout"),
    (16, 14, "ipReasmReqds"),
    (16, 15, "ipReasmOKs"),
    (16, 16, "ipReasmFails"),
    (16, 17, "ipFragOKs"),
    (16, 18, "ipFragFails"),
    (16, 19, "ipFragCreates"),
    (16, 20, "ipAddrTable"),
    (16, 21, "ipRoutingTable"),
    (16, 22, "ipNetToMediaTable"),
    (17, 1, "icmpInMsgs"),
    (17, 2, "icmpInErrors"),
    (17, 3, "icmpInDestUnreachs"),
    (17, 4, "icmpInTimeExcds"),
    (17, 5, "icmpInParmProbs"),
    (17, 6, "icmpInSrcQuenchs"),
    (17, 7, "icmpInRedirects"),
    (17, 8, "icmpInEchos"),
    (17, 9, "icmpInEchoReps"),
    (17, 10, "icmpInTimestamps"),
    (17, 11, "icmpInTimestampReps"),
    (17, 12, "icmpInAddrMasks"),
    (17, 13, "icmpInAddrMaskReps"),
    (17, 14, "icmpOutMsgs"),
    (17, 15, "icmpOutErrors"),
    (17, 16, "icmpOutDestUnreachs"),
    (17, 17, "icmpOutTimeExcds"),
    (17, 18, "icmpOutParmProbs"),
    (17, 19, "icmpOutSrcQuenchs"),
    (17, 20, "icmpOutRedirects"),
    (17, 21, "icmpOutEchos"),
    (17, 22, "icmpOutEchoReps"),
    (17, 23, "icmpOutTimestamps"),
    (17, 24, "icmpOutTimestampReps"),
    (17, 25, "icmpOutAddrMasks"),
    (17, 26, "icmpOutAddrMaskReps"),
    (18, 1, "tcpRtoAlgorithm"),
    (18, 2, "tcpRtoMin"),
    (18, 3, "tcpRtoMax"),
    (18, 4, "tcpMaxConn"),
    (18, 5, "tcpActiveOpens"),
    (18, 6, "tcpPassiveOpens"),
    (18, 7, "tcpAttemptFails"),
    (18, 8, "tcpEstabResets"),
    (18, 9, "tcpCurrEstab"),
    (18, 10, "tcpInSegs"),
    (18, 11, "tcpOutSegs"),
    (18, 12, "tcpRetransSegs"),
    (18, 13, "tcpConnTable"),
    (18, 14, "tcpInErrs"),
    (18, 15, "tcpOutRsts"),
    (19, 1, "udpInDatagrams"),
    (19, 2, "udpNoPorts"),
    (19, 3, "udpInErrors"),
    (19, 4, "udpOutDatagrams"),
    (19, 5, "udpTable"),
    (20, 1, "egpInMsgs"),
    (20, 2, "egpInErrors"),
    (20, 3, "egpOutMsgs"),
    (20, 4, "egpOutErrors"),
    (20, 5, "egpNeighTable"),
    (20, 6, "egpAs"),
    (22, 1, "snmpInPkts"),
    (22, 2, "snmpOutPkts"),
    (22, 3, "snmpInBadVersions"),
    (22, 4, "snmpInBadCommunityNames"),
    (22, 5, "snmpInBadCommunityUses"),
    (22, 6, "snmpInASNParseErrs"),
    (22, 7, "snmpInBadTypes"),
    (22, 8, "snmpInTooBigs"),
    (22, 9, "snmpInNoSuchNames"),
    (22, 10, "snmpInBadValues"),
    (22, 11, "snmpInReadOnlys"),
    (22, 12, "snmpInGenErrs"),
    (22, 13, "snmpInTotalReqVars"),
    (22, 14, "snmpInTotalSetVars"),
    (22, 15, "snmpInGetRequests"),
    (22, 16, "snmpInGetNexts"),
    (22, 17, "snmpInSetRequests"),
    (22, 18, "snmpInGetResponses"),
    (22, 19, "snmpInTraps"),
    (22, 20, "snmpOutTooBigs"),
    (22, 21, "snmpOutNoSuchNames"),
    (22, 22, "snmpOutBadValues"),
    (22, 23, "snmpOutReadOnlys"),
    (22, 24, "snmpOutGenErrs"),
    (22, 25, "snmpOutGetRequests"),
    (22, 26, "snmpOutGetNexts"),
    (22, 27, "snmpOutSetRequests"),
    (22, 28, "snmpOutGetResponses"),
    (22, 29, "snmpOutTraps"),
    (22, 30, "snmpEnableAuthTraps"),
    (125, 1, "snmpFrameworkAdmin"),
    (125, 2, "snmpFrameworkMIBObjects"),
    (125, 3, "snmpFrameworkMIBConformance"),
    (126, 1, "snmpMPDAdmin"),
    (126, 2, "snmpMPDMIBObjects"),
    (126, 3, "snmpMPDMIBConformance"),
    (127, 1, "usmMIBObjects"),
    (127, 2, "usmMIBConformance"),
    (136, 1, "ifEntry"),
    (137, 1, "atEntry"),
    (157, 1, "ipAddrEntry"),
    (158, 1, "ipRouteEntry"),
    (159, 1, "ipNetToMediaEntry"),
    (198, 1, "tcpConnEntry"),
    (205, 1, "udpEntry"),
    (210, 1, "egpNeighEntry"),
    (243, 1, "snmpEngine"),
    (246, 1, "snmpMPDStats"),
    (247, 1, "snmpMPDMIBCompliances"),
    (247, 2, "snmpMPDMIBGroups"),
    (248, 1, "usmStats"),
    (248, 2, "usmUser"),
    (249, 1, "usmMIBCompliances"),
    (249, 2, "usmMIBGroups"),
    (250, 1, "ifIndex"),
    (250, 2, "ifDescr"),
    (250, 3, "ifType"),
    (250, 4, "ifMtu"),
    (250, 5, "ifSpeed"),
    (250, 6, "ifPhysAddress"),
    (250, 7, "ifAdminStatus"),
    (250, 8, "ifOperStatus"),
    (250, 9, "ifLastChange"),
    (250, 10, "ifInOctets"),
    (250, 11, "ifInUcastPkts"),
    (250, 12, "ifInNUcastPkts"),
    (250, 13, "ifInDiscards"),
    (250, 14, "ifInErrors"),
    (250, 15, "ifInUnknownProtos"),
    (250, 16, "ifOutOctets"),
    (250, 17, "ifOutUcastPkts"),
    (250, 18, "ifOutNUcastPkts"),
    (250, 19, "ifOutDiscards"),
    (250, 20, "ifOutErrors"),
    (250, 21, "ifOutQLen"),
    (250, 22, "ifSpecific"),
    (251, 1, "atIfIndex"),
    (251, 2, "atPhysAddress"),
    (251, 3, "atNetAddress"),
    (252, 1, "ipAdEntAddr"),
    (252, 2, "ipAdEntIfIndex"),
    (252, 3, "ipAdEntNetMask"),
    (252, 4, "ipAdEntBcastAddr"),
    (252, 5, "ipAdEntReasmMaxSize"),
    (253, 1, "ipRouteDest"),
    (253, 2, "ipRouteIfIndex"),
    (253, 3, "ipRouteMetric1"),
    (253, 4, "ipRouteMetric2"),
    (253, 5, "ipRouteMetric3"),
    (253, 6, "ipRouteMetric4"),
    (253, 7, "ipRouteNextHop"),
    (253, 8, "ipRouteType"),
    (253, 9, "ipRouteProto"),
    (253, 10, "ipRouteAge"),
    (253, 11, "ipRouteMask"),
    (254, 1, "ipNetToMediaIfIndex"),
    (254, 2, "ipNetToMediaPhysAddress"),
    (254, 3, "ipNetToMediaNetAddress"),
    (254, 4, "ipNetToMediaType"),
    (255, 1, "tcpConnState"),
    (255, 2, "tcpConnLocalAddress"),
    (255, 3, "tcpConnLocalPort"),
    (255, 4, "tcpConnRemAddress"),
    (255, 5, "tcpConnRemPort"),
    (256, 1, "udpLocalAddress"),
    (256, 2, "udpLocalPort"),
    (257, 1, "egpNeighState"),
    (257, 2, "egpNeighAddr"),
    (257, 3, "egpNeighAs"),
    (257, 4, "egpNeighInMsgs"),
    (257, 5, "egpNeighInErrs"),
    (257, 6, "egpNeighOutMsgs"),
    (257, 7, "egpNeighOutErrs"),
    (257, 8, "egpNeighInErrMsgs"),
    (257, 9, "egpNeighOutErrMsgs"),
    (257, 10, "egpNeighStateUps"),
    (257, 11, "egpNeighStateDowns"),
    (257, 12, "egpNeighIntervalHello"),
    (257, 13, "egpNeighIntervalPoll"),
    (257, 14, "egpNeighMode"),
    (257, 15, "egpNeighEventTrigger"),
    (258, 1, "snmpEngineID"),
    (258, 2, "snmpEngineBoots"),
    (258, 3, "snmpEngineTime"),
    (258, 4, "snmpEngineMaxMessageSize"),
    (259, 1, "snmpUnknownSecurityModels"),
    (259, 2, "snmpInvalidMsgs"),
    (259, 3, "snmpUnknownPDUHandlers"),
    (262, 1, "usmStatsUnsupportedSecLevels"),
    (262, 2, "usmStatsNotInTimeWindows"),
    (262, 3, "usmStatsUnknownUserNames"),
    (262, 4, "usmStatsUnknownEngineIDs"),
    (262, 5, "usmStatsWrongDigests"),
    (262, 6, "usmStatsDecryptionErrors"),
    (263, 1, "usmUserSpinLock"),
    (263, 2, "usmUserTable"),
    (347, 1, "usmUserEntry"),
    (348, 1, "usmUserEngineID"),
    (348, 2, "usmUserName"),
    (348, 3, "usmUserSecurityName"),
    (348, 4, "usmUserCloneFrom"),
    (348, 5, "usmUserAuthProtocol"),
    (348, 6, "usmUserAuthKeyChange"),
    (348, 7, "usmUserOwnAuthKeyChange"),
    (348, 8, "usmUserPrivProtocol"),
    (348, 9, "usmUserPrivKeyChange"),
    (348, 10, "usmUserOwnPrivKeyChange"),
    (348, 11, "usmUserPublic"),
    (348, 12, "usmUserStorageType"),
    (348, 13, "usmUserStatus"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sys_descr_is_found_under_mib() {
        let system = mib_child(Some(ABBREVIATIONS[0].2), 1);
        assert_eq!(system.map(MibNode::name), Some("system"));
        assert_eq!(mib_child(system, 1).map(MibNode::name), Some("sysDescr"));
        assert_eq!(ABBREVIATIONS.iter().map(|a| a.2.name()).collect::<Vec<_>>(), ["mib", "enterprises", "experimental", "snmpModules"]);
    }

    #[test]
    fn every_parent_comes_before_its_children() {
        assert!(MIB.iter().enumerate().all(|(i, &(p, _, _))| p == ROOT || usize::from(p) < i));
    }
}
