# DO NOT modify this file by hand, changes will be overwritten
from dataclasses import dataclass

from cloudformation_cli_python_lib.interface import (
    BaseModel,
    BaseResourceHandlerRequest,
)
from cloudformation_cli_python_lib.recast import recast_object
from cloudformation_cli_python_lib.utils import deserialize_list

import sys
from inspect import getmembers, isclass
from typing import (
    AbstractSet,
    Any,
    Generic,
    Mapping,
    MutableMapping,
    Optional,
    Sequence,
    Type,
    TypeVar,
)

T = TypeVar("T")


def set_or_none(value: Optional[Sequence[T]]) -> Optional[AbstractSet[T]]:
    if value:
        return set(value)
    return None


@dataclass
class ResourceHandlerRequest(BaseResourceHandlerRequest):
    # pylint: disable=invalid-name
    desiredResourceState: Optional["ResourceModel"]
    previousResourceState: Optional["ResourceModel"]
    typeConfiguration: Optional["TypeConfigurationModel"]


@dataclass
class ResourceModel(BaseModel):
    AdditionalInferenceSpecifications: Optional[Sequence["_AdditionalInferenceSpecificationDefinition"]]
    AdditionalInferenceSpecificationsToAdd: Optional[Sequence["_AdditionalInferenceSpecificationDefinition"]]
    ApprovalDescription: Optional[str]
    CertifyForMarketplace: Optional[bool]
    ClientToken: Optional[str]
    CreationTime: Optional[str]
    CustomerMetadataProperties: Optional[MutableMapping[str, str]]
    Domain: Optional[str]
    DriftCheckBaselines: Optional["_DriftCheckBaselines"]
    InferenceSpecification: Optional["_InferenceSpecification"]
    LastModifiedTime: Optional[str]
    ManagedStorageType: Optional[str]
    MetadataProperties: Optional["_MetadataProperties"]
    ModelApprovalStatus: Optional[str]
    ModelCard: Optional["_ModelCard"]
    ModelLifeCycle: Optional["_ModelLifeCycle"]
    ModelMetrics: Optional["_ModelMetrics"]
    ModelPackageArn: Optional[str]
    ModelPackageDescription: Optional[str]
    ModelPackageGroupName: Optional[str]
    ModelPackageName: Optional[str]
    ModelPackageRegistrationType: Optional[str]
    ModelPackageStatus: Optional[str]
    ModelPackageStatusDetails: Optional["_ModelPackageStatusDetails"]
    ModelPackageVersion: Optional[int]
    SamplePayloadUrl: Optional[str]
    SecurityConfig: Optional["_SecurityConfig"]
    SkipModelValidation: Optional[str]
    SourceAlgorithmSpecification: Optional["_SourceAlgorithmSpecification"]
    SourceUri: Optional[str]
    Tags: Optional[Sequence["_Tag"]]
    Task: Optional[str]
    ValidationSpecification: Optional["_ValidationSpecification"]

    @classmethod
    def _deserialize(
        cls: Type["_ResourceModel"],
        json_data: Optional[Mapping[str, Any]],
    ) -> Optional["_ResourceModel"]:
        if not json_data:
            return None
        dataclasses = {n: o for n, o in getmembers(sys.modules[__name__]) if isclass(o)}
        recast_object(cls, json_data, dataclasses)
        return cls(
            AdditionalInferenceSpecifications=deserialize_list(json_data.get("AdditionalInferenceSpecifications"), AdditionalInferenceSpecificationDefinition),
            AdditionalInferenceSpecificationsToAdd=deserialize_list(json_data.get("AdditionalInferenceSpecificationsToAdd"), AdditionalInferenceSpecificationDefinition),
            ApprovalDescription=json_data.get("ApprovalDescription"),
            CertifyForMarketplace=json_data.get("CertifyForMarketplace"),
            ClientToken=json_data.get("ClientToken"),
            CreationTime=json_data.get("CreationTime"),
            CustomerMetadataProperties=json_data.get("CustomerMetadataProperties"),
            Domain=json_data.get("Domain"),
            DriftCheckBaselines=DriftCheckBaselines._deserialize(json_data.get("DriftCheckBaselines")),
            InferenceSpecification=InferenceSpecification._deserialize(json_data.get("InferenceSpecification")),
            LastModifiedTime=json_data.get("LastModifiedTime"),
            ManagedStorageType=json_data.get("ManagedStorageType"),
            MetadataProperties=MetadataProperties._deserialize(json_data.get("MetadataProperties")),
            ModelApprovalStatus=json_data.get("ModelApprovalStatus"),
            ModelCard=ModelCard._deserialize(json_data.get("ModelCard")),
            ModelLifeCycle=ModelLifeCycle._deserialize(json_data.get("ModelLifeCycle")),
            ModelMetrics=ModelMetrics._deserialize(json_data.get("ModelMetrics")),
            ModelPackageArn=json_data.get("ModelPackageArn"),
            ModelPackageDescription=json_data.get("ModelPackageDescription"),
            ModelPackageGroupName=json_data.get("ModelPackageGroupName"),
            ModelPackageName=json_data.get("ModelPackageName"),
            ModelPackageRegistrationType=json_data.get("ModelPackageRegistrationType"),
            ModelPackageStatus=json_data.get("ModelPackageStatus"),
            ModelPackageStatusDetails=ModelPackageStatusDetails._deserialize(json_data.get("ModelPackageStatusDetails")),
            ModelPackageVersion=json_data.get("ModelPackageVersion"),
            SamplePayloadUrl=json_data.get("SamplePayloadUrl"),
            SecurityConfig=SecurityConfig._deserialize(json_data.get("SecurityConfig")),
            SkipModelValidation=json_data.get("SkipModelValidation"),
            SourceAlgorithmSpecification=SourceAlgorithmSpecification._deserialize(json_data.get("SourceAlgorithmSpecification")),
            SourceUri=json_data.get("SourceUri"),
            Tags=deserialize_list(json_data.get("Tags"), Tag),
            Task=json_data.get("Task"),
            ValidationSpecification=ValidationSpecification._deserialize(json_data.get("ValidationSpecification")),
        )


# work around possible type aliasing issues when variable has same name as a model
_ResourceModel = ResourceModel


@dataclass
class AdditionalInferenceSpecificationDefinition(BaseModel):
    Containers: Optional[Sequence["_ModelPackageContainerDefinition"]]
    Description: Optional[str]
    Name: Optional[str]
    SupportedContentTypes: Optional[Sequence[str]]
    SupportedRealtimeInferenceInstanceTypes: Optional[Sequence[str]]
    SupportedResponseMIMETypes: Optional[Sequence[str]]
    SupportedTransformInstanceTypes: Optional[Sequence[str]]

    @classmethod
    def _deserialize(
        cls: Type["_AdditionalInferenceSpecificationDefinition"],
        json_data: Optional[Mapping[str, Any]],
    ) -> Optional["_AdditionalInferenceSpecificationDefinition"]:
        if not json_data:
            return None
        return cls(
            Containers=deserialize_list(json_data.get("Containers"), ModelPackageContainerDefinition),
            Description=json_data.get("Description"),
            Name=json_data.get("Name"),
            SupportedContentTypes=json_data.get("SupportedContentTypes"),
            SupportedRealtimeInferenceInstanceTypes=json_data.get("SupportedRealtimeInferenceInstanceTypes"),
            SupportedResponseMIMETypes=json_data.get("SupportedResponseMIMETypes"),
            SupportedTransformInstanceTypes=json_data.get("SupportedTransformInstanceTypes"),
        )


# work around possible type aliasing issues when variable has same name as a model
_AdditionalInferenceSpecificationDefinition = AdditionalInferenceSpecificationDefinition


@dataclass
class ModelPackageContainerDefinition(BaseModel):
    ContainerHostname: Optional[str]
    Environment: Optional[MutableMapping[str, str]]
    Framework: Optional[str]
    FrameworkVersion: Optional[str]
    Image: Optional[str]
    ImageDigest: Optional[str]
    ModelDataSource: Optional["_ModelDataSource"]
    ModelDataUrl: Optional[str]
    ModelInput: Optional["_ModelInput"]
    NearestModelName: Optional[str]
    ProductId: Optional[str]
    AdditionalModelDataSources: Optional[Sequence["_AdditionalModelDataSource"]]
    AdditionalS3DataSource: Optional["_AdditionalS3DataSource"]
    ModelDataETag: Optional[str]
    IsCheckpoint: Optional[bool]
    BaseModel: Optional["_ContainerBaseModel"]

    @classmethod
    def _deserialize(
        cls: Type["_ModelPackageContainerDefinition"],
        json_data: Optional[Mapping[str, Any]],
    ) -> Optional["_ModelPackageContainerDefinition"]:
        if not json_data:
            return None
        return cls(
            ContainerHostname=json_data.get("ContainerHostname"),
            Environment=json_data.get("Environment"),
            Framework=json_data.get("Framework"),
            FrameworkVersion=json_data.get("FrameworkVersion"),
            Image=json_data.get("Image"),
            ImageDigest=json_data.get("ImageDigest"),
            ModelDataSource=ModelDataSource._deserialize(json_data.get("ModelDataSource")),
            ModelDataUrl=json_data.get("ModelDataUrl"),
            ModelInput=ModelInput._deserialize(json_data.get("ModelInput")),
            NearestModelName=json_data.get("NearestModelName"),
            ProductId=json_data.get("ProductId"),
            AdditionalModelDataSources=deserialize_list(json_data.get("AdditionalModelDataSources"), AdditionalModelDataSource),
            AdditionalS3DataSource=AdditionalS3DataSource._deserialize(json_data.get("AdditionalS3DataSource")),
            ModelDataETag=json_data.get("ModelDataETag"),
            IsCheckpoint=json_data.get("IsCheckpoint"),
            BaseModel=ContainerBaseModel._deserialize(json_data.get("BaseModel")),
        )


# work around possible type aliasing issues when variable has same name as a model
_ModelPackageContainerDefinition = ModelPackageContainerDefinition


@dataclass
class ModelDataSource(BaseModel):
    S3DataSource: Optional["_S3ModelDataSource"]

    @classmethod
    def _deserialize(
        cls: Type["_ModelDataSource"],
        json_data: Optional[Mapping[str, Any]],
    ) -> Optional["_ModelDataSource"]:
        if not json_data:
            return None
        return cls(
            S3DataSource=S3ModelDataSource._deserialize(json_data.get("S3DataSource")),
        )


# work around possible type aliasing issues when variable has same name as a model
_ModelDataSource = ModelDataSource


@dataclass
class S3ModelDataSource(BaseModel):
    CompressionType: Optional[str]
    ModelAccessConfig: Optional["_ModelAccessConfig"]
    S3DataType: Optional[str]
    S3Uri: Optional[str]
    HubAccessConfig: Optional["_InferenceHubAccessConfig"]
    ManifestS3Uri: Optional[str]
    ETag: Optional[str]
    ManifestEtag: Optional[str]

    @classmethod
    def _deserialize(
        cls: Type["_S3ModelDataSource"],
        json_data: Optional[Mapping[str, Any]],
    ) -> Optional["_S3ModelDataSource"]:
        if not json_data:
            return None
        return cls(
            CompressionType=json_data.get("CompressionType"),
            ModelAccessConfig=ModelAccessConfig._deserialize(json_data.get("ModelAccessConfig")),
            S3DataType=json_data.get("S3DataType"),
            S3Uri=json_data.get("S3Uri"),
            HubAccessConfig=InferenceHubAccessConfig._deserialize(json_data.get("HubAccessConfig")),
            ManifestS3Uri=json_data.get("ManifestS3Uri"),
            ETag=json_data.get("ETag"),
            ManifestEtag=json_data.get("ManifestEtag"),
        )


# work around possible type aliasing issues when variable has same name as a model
_S3ModelDataSource = S3ModelDataSource


@dataclass
class ModelAccessConfig(BaseModel):
    AcceptEula: Optional[bool]

    @classmethod
    def _deserialize(
        cls: Type["_ModelAccessConfig"],
        json_data: Optional[Mapping[str, Any]],
    ) -> Optional["_ModelAccessConfig"]:
        if not json_data:
            return None
        return cls(
            AcceptEula=json_data.get("AcceptEula"),
        )


# work around possible type aliasing issues when variable has same name as a model
_ModelAccessConfig = ModelAccessConfig


@dataclass
class InferenceHubAccessConfig(BaseModel):
    HubContentArn: Optional[str]

    @classmethod
    def _deserialize(
        cls: Type["_InferenceHubAccessConfig"],
        json_data: Optional[Mapping[str, Any]],
    ) -> Optional["_InferenceHubAccessConfig"]:
        if not json_data:
            return None
        return cls(
            HubContentArn=json_data.get("HubContentArn"),
        )


# work around possible type aliasing issues when variable has same name as a model
_InferenceHubAccessConfig = InferenceHubAccessConfig


@dataclass
class ModelInput(BaseModel):
    DataInputConfig: Optional[str]

    @classmethod
    def _deserialize(
        cls: Type["_ModelInput"],
        json_data: Optional[Mapping[str, Any]],
    ) -> Optional["_ModelInput"]:
        if not json_data:
            return None
        return cls(
            DataInputConfig=json_data.get("DataInputConfig"),
        )


# work around possible type aliasing issues when variable has same name as a model
_ModelInput = ModelInput


@dataclass
class AdditionalModelDataSource(BaseModel):
    ChannelName: Optional[str]
    S3DataSource: Optional["_S3ModelDataSource"]

    @classmethod
    def _deserialize(
        cls: Type["_AdditionalModelDataSource"],
        json_data: Optional[Mapping[str, Any]],
    ) -> Optional["_AdditionalModelDataSource"]:
        if not json_data:
            return None
        return cls(
            ChannelName=json_data.get("ChannelName"),
            S3DataSource=S3ModelDataSource._deserialize(json_data.get("S3DataSource")),
        )


# work around possible type aliasing issues when variable has same name as a model
_AdditionalModelDataSource = AdditionalModelDataSource


@dataclass
class AdditionalS3DataSource(BaseModel):
    S3DataType: Optional[str]
    S3Uri: Optional[str]
    CompressionType: Optional[str]
    ETag: Optional[str]

    @classmethod
    def _deserialize(
        cls: Type["_AdditionalS3DataSource"],
        json_data: Optional[Mapping[str, Any]],
    ) -> Optional["_AdditionalS3DataSource"]:
        if not json_data:
            return None
        return cls(
            S3DataType=json_data.get("S3DataType"),
            S3Uri=json_data.get("S3Uri"),
            CompressionType=json_data.get("CompressionType"),
            ETag=json_data.get("ETag"),
        )


# work around possible type aliasing issues when variable has same name as a model
_AdditionalS3DataSource = AdditionalS3DataSource


@dataclass
class ContainerBaseModel(BaseModel):
    HubContentName: Optional[str]
    HubContentVersion: Optional[str]
    RecipeName: Optional[str]

    @classmethod
    def _deserialize(
        cls: Type["_ContainerBaseModel"],
        json_data: Optional[Mapping[str, Any]],
    ) -> Optional["_ContainerBaseModel"]:
        if not json_data:
            return None
        return cls(
            HubContentName=json_data.get("HubContentName"),
            HubContentVersion=json_data.get("HubContentVersion"),
            RecipeName=json_data.get("RecipeName"),
        )


# work around possible type aliasing issues when variable has same name as a model
_ContainerBaseModel = ContainerBaseModel


@dataclass
class DriftCheckBaselines(BaseModel):
    Bias: Optional["_DriftCheckBias"]
    Explainability: Optional["_DriftCheckExplainability"]
    ModelDataQuality: Optional["_DriftCheckModelDataQuality"]
    ModelQuality: Optional["_DriftCheckModelQuality"]

    @classmethod
    def _deserialize(
        cls: Type["_DriftCheckBaselines"],
        json_data: Optional[Mapping[str, Any]],
    ) -> Optional["_DriftCheckBaselines"]:
        if not json_data:
            return None
        return cls(
            Bias=DriftCheckBias._deserialize(json_data.get("Bias")),
            Explainability=DriftCheckExplainability._deserialize(json_data.get("Explainability")),
            ModelDataQuality=DriftCheckModelDataQuality._deserialize(json_data.get("ModelDataQuality")),
            ModelQuality=DriftCheckModelQuality._deserialize(json_data.get("ModelQuality")),
        )


# work around possible type aliasing issues when variable has same name as a model
_DriftCheckBaselines = DriftCheckBaselines


@dataclass
class DriftCheckBias(BaseModel):
    ConfigFile: Optional["_FileSource"]
    PostTrainingConstraints: Optional["_MetricsSource"]
    PreTrainingConstraints: Optional["_MetricsSource"]

    @classmethod
    def _deserialize(
        cls: Type["_DriftCheckBias"],
        json_data: Optional[Mapping[str, Any]],
    ) -> Optional["_DriftCheckBias"]:
        if not json_data:
            return None
        return cls(
            ConfigFile=FileSource._deserialize(json_data.get("ConfigFile")),
            PostTrainingConstraints=MetricsSource._deserialize(json_data.get("PostTrainingConstraints")),
            PreTrainingConstraints=MetricsSource._deserialize(json_data.get("PreTrainingConstraints")),
        )


# work around possible type aliasing issues when variable has same name as a model
_DriftCheckBias = DriftCheckBias


@dataclass
class FileSource(BaseModel):
    ContentDigest: Optional[str]
    ContentType: Optional[str]
    S3Uri: Optional[str]

    @classmethod
    def _deserialize(
        cls: Type["_FileSource"],
        json_data: Optional[Mapping[str, Any]],
    ) -> Optional["_FileSource"]:
        if not json_data:
            return None
        return cls(
            ContentDigest=json_data.get("ContentDigest"),
            ContentType=json_data.get("ContentType"),
            S3Uri=json_data.get("S3Uri"),
        )


# work around possible type aliasing issues when variable has same name as a model
_FileSource = FileSource


@dataclass
class MetricsSource(BaseModel):
    ContentDigest: Optional[str]
    ContentType: Optional[str]
    S3Uri: Optional[str]

    @classmethod
    def _deserialize(
        cls: Type["_MetricsSource"],
        json_data: Optional[Mapping[str, Any]],
    ) -> Optional["_MetricsSource"]:
        if not json_data:
            return None
        return cls(
            ContentDigest=json_data.get("ContentDigest"),
            ContentType=json_data.get("ContentType"),
            S3Uri=json_data.get("S3Uri"),
        )


# work around possible type aliasing issues when variable has same name as a model
_MetricsSource = MetricsSource


@dataclass
class DriftCheckExplainability(BaseModel):
    ConfigFile: Optional["_FileSource"]
    Constraints: Optional["_MetricsSource"]

    @classmethod
    def _deserialize(
        cls: Type["_DriftCheckExplainability"],
        json_data: Optional[Mapping[str, Any]],
    ) -> Optional["_DriftCheckExplainability"]:
        if not json_data:
            return None
        return cls(
            ConfigFile=FileSource._deserialize(json_data.get("ConfigFile")),
            Constraints=MetricsSource._deserialize(json_data.get("Constraints")),
        )


# work around possible type aliasing issues when variable has same name as a model
_DriftCheckExplainability = DriftCheckExplainability


@dataclass
class DriftCheckModelDataQuality(BaseModel):
    Constraints: Optional["_MetricsSource"]
    Statistics: Optional["_MetricsSource"]

    @classmethod
    def _deserialize(
        cls: Type["_DriftCheckModelDataQuality"],
        json_data: Optional[Mapping[str, Any]],
    ) -> Optional["_DriftCheckModelDataQuality"]:
        if not json_data:
            return None
        return cls(
            Constraints=MetricsSource._deserialize(json_data.get("Constraints")),
            Statistics=MetricsSource._deserialize(json_data.get("Statistics")),
        )


# work around possible type aliasing issues when variable has same name as a model
_DriftCheckModelDataQuality = DriftCheckModelDataQuality


@dataclass
class DriftCheckModelQuality(BaseModel):
    Constraints: Optional["_MetricsSource"]
    Statistics: Optional["_MetricsSource"]

    @classmethod
    def _deserialize(
        cls: Type["_DriftCheckModelQuality"],
        json_data: Optional[Mapping[str, Any]],
    ) -> Optional["_DriftCheckModelQuality"]:
        if not json_data:
            return None
        return cls(
            Constraints=MetricsSource._deserialize(json_data.get("Constraints")),
            Statistics=MetricsSource._deserialize(json_data.get("Statistics")),
        )


# work around possible type aliasing issues when variable has same name as a model
_DriftCheckModelQuality = DriftCheckModelQuality


@dataclass
class InferenceSpecification(BaseModel):
    Containers: Optional[Sequence["_ModelPackageContainerDefinition"]]
    SupportedContentTypes: Optional[Sequence[str]]
    SupportedRealtimeInferenceInstanceTypes: Optional[Sequence[str]]
    SupportedResponseMIMETypes: Optional[Sequence[str]]
    SupportedTransformInstanceTypes: Optional[Sequence[str]]

    @classmethod
    def _deserialize(
        cls: Type["_InferenceSpecification"],
        json_data: Optional[Mapping[str, Any]],
    ) -> Optional["_InferenceSpecification"]:
        if not json_data:
            return None
        return cls(
            Containers=deserialize_list(json_data.get("Containers"), ModelPackageContainerDefinition),
            SupportedContentTypes=json_data.get("SupportedContentTypes"),
            SupportedRealtimeInferenceInstanceTypes=json_data.get("SupportedRealtimeInferenceInstanceTypes"),
            SupportedResponseMIMETypes=json_data.get("SupportedResponseMIMETypes"),
            SupportedTransformInstanceTypes=json_data.get("SupportedTransformInstanceTypes"),
        )


# work around possible type aliasing issues when variable has same name as a model
_InferenceSpecification = InferenceSpecification


@dataclass
class MetadataProperties(BaseModel):
    CommitId: Optional[str]
    GeneratedBy: Optional[str]
    ProjectId: Optional[str]
    Repository: Optional[str]

    @classmethod
    def _deserialize(
        cls: Type["_MetadataProperties"],
        json_data: Optional[Mapping[str, Any]],
    ) -> Optional["_MetadataProperties"]:
        if not json_data:
            return None
        return cls(
            CommitId=json_data.get("CommitId"),
            GeneratedBy=json_data.get("GeneratedBy"),
            ProjectId=json_data.get("ProjectId"),
            Repository=json_data.get("Repository"),
        )


# work around possible type aliasing issues when variable has same name as a model
_MetadataProperties = MetadataProperties


@dataclass
class ModelCard(BaseModel):
    ModelCardContent: Optional[str]
    ModelCardStatus: Optional[str]

    @classmethod
    def _deserialize(
        cls: Type["_ModelCard"],
        json_data: Optional[Mapping[str, Any]],
    ) -> Optional["_ModelCard"]:
        if not json_data:
            return None
        return cls(
            ModelCardContent=json_data.get("ModelCardContent"),
            ModelCardStatus=json_data.get("ModelCardStatus"),
        )


# work around possible type aliasing issues when variable has same name as a model
_ModelCard = ModelCard


@dataclass
class ModelLifeCycle(BaseModel):
    Stage: Optional[str]
    StageStatus: Optional[str]
    StageDescription: Optional[str]

    @classmethod
    def _deserialize(
        cls: Type["_ModelLifeCycle"],
        json_data: Optional[Mapping[str, Any]],
    ) -> Optional["_ModelLifeCycle"]:
        if not json_data:
            return None
        return cls(
            Stage=json_data.get("Stage"),
            StageStatus=json_data.get("StageStatus"),
            StageDescription=json_data.get("StageDescription"),
        )


# work around possible type aliasing issues when variable has same name as a model
_ModelLifeCycle = ModelLifeCycle


@dataclass
class ModelMetrics(BaseModel):
    Bias: Optional["_Bias"]
    Explainability: Optional["_Explainability"]
    ModelDataQuality: Optional["_ModelDataQuality"]
    ModelQuality: Optional["_ModelQuality"]

    @classmethod
    def _deserialize(
        cls: Type["_ModelMetrics"],
        json_data: Optional[Mapping[str, Any]],
    ) -> Optional["_ModelMetrics"]:
        if not json_data:
            return None
        return cls(
            Bias=Bias._deserialize(json_data.get("Bias")),
            Explainability=Explainability._deserialize(json_data.get("Explainability")),
            ModelDataQuality=ModelDataQuality._deserialize(json_data.get("ModelDataQuality")),
            ModelQuality=ModelQuality._deserialize(json_data.get("ModelQuality")),
        )


# work around possible type aliasing issues when variable has same name as a model
_ModelMetrics = ModelMetrics


@dataclass
class Bias(BaseModel):
    PostTrainingReport: Optional["_MetricsSource"]
    PreTrainingReport: Optional["_MetricsSource"]
    Report: Optional["_MetricsSource"]

    @classmethod
    def _deserialize(
        cls: Type["_Bias"],
        json_data: Optional[Mapping[str, Any]],
    ) -> Optional["_Bias"]:
        if not json_data:
            return None
        return cls(
            PostTrainingReport=MetricsSource._deserialize(json_data.get("PostTrainingReport")),
            PreTrainingReport=MetricsSource._deserialize(json_data.get("PreTrainingReport")),
            Report=MetricsSource._deserialize(json_data.get("Report")),
        )


# work around possible type aliasing issues when variable has same name as a model
_Bias = Bias


@dataclass
class Explainability(BaseModel):
    Report: Optional["_MetricsSource"]

    @classmethod
    def _deserialize(
        cls: Type["_Explainability"],
        json_data: Optional[Mapping[str, Any]],
    ) -> Optional["_Explainability"]:
        if not json_data:
            return None
        return cls(
            Report=MetricsSource._deserialize(json_data.get("Report")),
        )


# work around possible type aliasing issues when variable has same name as a model
_Explainability = Explainability


@dataclass
class ModelDataQuality(BaseModel):
    Constraints: Optional["_MetricsSource"]
    Statistics: Optional["_MetricsSource"]

    @classmethod
    def _deserialize(
        cls: Type["_ModelDataQuality"],
        json_data: Optional[Mapping[str, Any]],
    ) -> Optional["_ModelDataQuality"]:
        if not json_data:
            return None
        return cls(
            Constraints=MetricsSource._deserialize(json_data.get("Constraints")),
            Statistics=MetricsSource._deserialize(json_data.get("Statistics")),
        )


# work around possible type aliasing issues when variable has same name as a model
_ModelDataQuality = ModelDataQuality


@dataclass
class ModelQuality(BaseModel):
    Constraints: Optional["_MetricsSource"]
    Statistics: Optional["_MetricsSource"]

    @classmethod
    def _deserialize(
        cls: Type["_ModelQuality"],
        json_data: Optional[Mapping[str, Any]],
    ) -> Optional["_ModelQuality"]:
        if not json_data:
            return None
        return cls(
            Constraints=MetricsSource._deserialize(json_data.get("Constraints")),
            Statistics=MetricsSource._deserialize(json_data.get("Statistics")),
        )


# work around possible type aliasing issues when variable has same name as a model
_ModelQuality = ModelQuality


@dataclass
class ModelPackageStatusDetails(BaseModel):
    ValidationStatuses: Optional[Sequence["_ModelPackageStatusItem"]]
    ImageScanStatuses: Optional[Sequence["_ModelPackageStatusItem"]]

    @classmethod
    def _deserialize(
        cls: Type["_ModelPackageStatusDetails"],
        json_data: Optional[Mapping[str, Any]],
    ) -> Optional["_ModelPackageStatusDetails"]:
        if not json_data:
            return None
        return cls(
            ValidationStatuses=deserialize_list(json_data.get("ValidationStatuses"), ModelPackageStatusItem),
            ImageScanStatuses=deserialize_list(json_data.get("ImageScanStatuses"), ModelPackageStatusItem),
        )


# work around possible type aliasing issues when variable has same name as a model
_ModelPackageStatusDetails = ModelPackageStatusDetails


@dataclass
class ModelPackageStatusItem(BaseModel):
    FailureReason: Optional[str]
    Name: Optional[str]
    Status: Optional[str]

    @classmethod
    def _deserialize(
        cls: Type["_ModelPackageStatusItem"],
        json_data: Optional[Mapping[str, Any]],
    ) -> Optional["_ModelPackageStatusItem"]:
        if not json_data:
            return None
        return cls(
            FailureReason=json_data.get("FailureReason"),
            Name=json_data.get("Name"),
            Status=json_data.get("Status"),
        )


# work around possible type aliasing issues when variable has same name as a model
_ModelPackageStatusItem = ModelPackageStatusItem


@dataclass
class SecurityConfig(BaseModel):
    KmsKeyId: Optional[str]

    @classmethod
    def _deserialize(
        cls: Type["_SecurityConfig"],
        json_data: Optional[Mapping[str, Any]],
    ) -> Optional["_SecurityConfig"]:
        if not json_data:
            return None
        return cls(
            KmsKeyId=json_data.get("KmsKeyId"),
        )


# work around possible type aliasing issues when variable has same name as a model
_SecurityConfig = SecurityConfig


@dataclass
class SourceAlgorithmSpecification(BaseModel):
    SourceAlgorithms: Optional[Sequence["_SourceAlgorithm"]]

    @classmethod
    def _deserialize(
        cls: Type["_SourceAlgorithmSpecification"],
        json_data: Optional[Mapping[str, Any]],
    ) -> Optional["_SourceAlgorithmSpecification"]:
        if not json_data:
            return None
        return cls(
            SourceAlgorithms=deserialize_list(json_data.get("SourceAlgorithms"), SourceAlgorithm),
        )


# work around possible type aliasing issues when variable has same name as a model
_SourceAlgorithmSpecification = SourceAlgorithmSpecification


@dataclass
class SourceAlgorithm(BaseModel):
    AlgorithmName: Optional[str]
    ModelDataUrl: Optional[str]
    ModelDataSource: Optional["_ModelDataSource"]
    ModelDataETag: Optional[str]

    @classmethod
    def _deserialize(
        cls: Type["_SourceAlgorithm"],
        json_data: Optional[Mapping[str, Any]],
    ) -> Optional["_SourceAlgorithm"]:
        if not json_data:
            return None
        return cls(
            AlgorithmName=json_data.get("AlgorithmName"),
            ModelDataUrl=json_data.get("ModelDataUrl"),
            ModelDataSource=ModelDataSource._deserialize(json_data.get("ModelDataSource")),
            ModelDataETag=json_data.get("ModelDataETag"),
        )


# work around possible type aliasing issues when variable has same name as a model
_SourceAlgorithm = SourceAlgorithm


@dataclass
class Tag(BaseModel):
    Key: Optional[str]
    Value: Optional[str]

    @classmethod
    def _deserialize(
        cls: Type["_Tag"],
        json_data: Optional[Mapping[str, Any]],
    ) -> Optional["_Tag"]:
        if not json_data:
            return None
        return cls(
            Key=json_data.get("Key"),
            Value=json_data.get("Value"),
        )


# work around possible type aliasing issues when variable has same name as a model
_Tag = Tag


@dataclass
class ValidationSpecification(BaseModel):
    ValidationProfiles: Optional[Sequence["_ValidationProfile"]]
    ValidationRole: Optional[str]

    @classmethod
    def _deserialize(
        cls: Type["_ValidationSpecification"],
        json_data: Optional[Mapping[str, Any]],
    ) -> Optional["_ValidationSpecification"]:
        if not json_data:
            return None
        return cls(
            ValidationProfiles=deserialize_list(json_data.get("ValidationProfiles"), ValidationProfile),
            ValidationRole=json_data.get("ValidationRole"),
        )


# work around possible type aliasing issues when variable has same name as a model
_ValidationSpecification = ValidationSpecification


@dataclass
class ValidationProfile(BaseModel):
    ProfileName: Optional[str]
    TransformJobDefinition: Optional["_TransformJobDefinition"]

    @classmethod
    def _deserialize(
        cls: Type["_ValidationProfile"],
        json_data: Optional[Mapping[str, Any]],
    ) -> Optional["_ValidationProfile"]:
        if not json_data:
            return None
        return cls(
            ProfileName=json_data.get("ProfileName"),
            TransformJobDefinition=TransformJobDefinition._deserialize(json_data.get("TransformJobDefinition")),
        )


# work around possible type aliasing issues when variable has same name as a model
_ValidationProfile = ValidationProfile


@dataclass
class TransformJobDefinition(BaseModel):
    BatchStrategy: Optional[str]
    Environment: Optional[MutableMapping[str, str]]
    MaxConcurrentTransforms: Optional[int]
    MaxPayloadInMB: Optional[int]
    TransformInput: Optional["_TransformInput"]
    TransformOutput: Optional["_TransformOutput"]
    TransformResources: Optional["_TransformResources"]

    @classmethod
    def _deserialize(
        cls: Type["_TransformJobDefinition"],
        json_data: Optional[Mapping[str, Any]],
    ) -> Optional["_TransformJobDefinition"]:
        if not json_data:
            return None
        return cls(
            BatchStrategy=json_data.get("BatchStrategy"),
            Environment=json_data.get("Environment"),
            MaxConcurrentTransforms=json_data.get("MaxConcurrentTransforms"),
            MaxPayloadInMB=json_data.get("MaxPayloadInMB"),
            TransformInput=TransformInput._deserialize(json_data.get("TransformInput")),
            TransformOutput=TransformOutput._deserialize(json_data.get("TransformOutput")),
            TransformResources=TransformResources._deserialize(json_data.get("TransformResources")),
        )


# work around possible type aliasing issues when variable has same name as a model
_TransformJobDefinition = TransformJobDefinition


@dataclass
class TransformInput(BaseModel):
    CompressionType: Optional[str]
    ContentType: Optional[str]
    DataSource: Optional["_DataSource"]
    SplitType: Optional[str]

    @classmethod
    def _deserialize(
        cls: Type["_TransformInput"],
        json_data: Optional[Mapping[str, Any]],
    ) -> Optional["_TransformInput"]:
        if not json_data:
            return None
        return cls(
            CompressionType=json_data.get("CompressionType"),
            ContentType=json_data.get("ContentType"),
            DataSource=DataSource._deserialize(json_data.get("DataSource")),
            SplitType=json_data.get("SplitType"),
        )


# work around possible type aliasing issues when variable has same name as a model
_TransformInput = TransformInput


@dataclass
class DataSource(BaseModel):
    S3DataSource: Optional["_S3DataSource"]

    @classmethod
    def _deserialize(
        cls: Type["_DataSource"],
        json_data: Optional[Mapping[str, Any]],
    ) -> Optional["_DataSource"]:
        if not json_data:
            return None
        return cls(
            S3DataSource=S3DataSource._deserialize(json_data.get("S3DataSource")),
        )


# work around possible type aliasing issues when variable has same name as a model
_DataSource = DataSource


@dataclass
class S3DataSource(BaseModel):
    S3DataType: Optional[str]
    S3Uri: Optional[str]

    @classmethod
    def _deserialize(
        cls: Type["_S3DataSource"],
        json_data: Optional[Mapping[str, Any]],
    ) -> Optional["_S3DataSource"]:
        if not json_data:
            return None
        return cls(
            S3DataType=json_data.get("S3DataType"),
            S3Uri=json_data.get("S3Uri"),
        )


# work around possible type aliasing issues when variable has same name as a model
_S3DataSource = S3DataSource


@dataclass
class TransformOutput(BaseModel):
    Accept: Optional[str]
    AssembleWith: Optional[str]
    KmsKeyId: Optional[str]
    S3OutputPath: Optional[str]

    @classmethod
    def _deserialize(
        cls: Type["_TransformOutput"],
        json_data: Optional[Mapping[str, Any]],
    ) -> Optional["_TransformOutput"]:
        if not json_data:
            return None
        return cls(
            Accept=json_data.get("Accept"),
            AssembleWith=json_data.get("AssembleWith"),
            KmsKeyId=json_data.get("KmsKeyId"),
            S3OutputPath=json_data.get("S3OutputPath"),
        )


# work around possible type aliasing issues when variable has same name as a model
_TransformOutput = TransformOutput


@dataclass
class TransformResources(BaseModel):
    InstanceCount: Optional[int]
    InstanceType: Optional[str]
    VolumeKmsKeyId: Optional[str]
    TransformAmiVersion: Optional[str]

    @classmethod
    def _deserialize(
        cls: Type["_TransformResources"],
        json_data: Optional[Mapping[str, Any]],
    ) -> Optional["_TransformResources"]:
        if not json_data:
            return None
        return cls(
            InstanceCount=json_data.get("InstanceCount"),
            InstanceType=json_data.get("InstanceType"),
            VolumeKmsKeyId=json_data.get("VolumeKmsKeyId"),
            TransformAmiVersion=json_data.get("TransformAmiVersion"),
        )


# work around possible type aliasing issues when variable has same name as a model
_TransformResources = TransformResources


@dataclass
class TypeConfigurationModel(BaseModel):

    @classmethod
    def _deserialize(
        cls: Type["_TypeConfigurationModel"],
        json_data: Optional[Mapping[str, Any]],
    ) -> Optional["_TypeConfigurationModel"]:
        if not json_data:
            return None
        return cls(
        )


# work around possible type aliasing issues when variable has same name as a model
_TypeConfigurationModel = TypeConfigurationModel


